package io.ferry.delivery;

import io.ferry.Settings;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the vendor-neutral beans of the delivery loop and of routes/delivery-errors.camel.yaml. */
public final class DeliveryConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConfiguration.class);

    private DeliveryConfiguration() {
    }

    public static void bind(CamelContext context, Settings settings) {
        VendorConcurrency concurrency = VendorConcurrency.from(settings);
        for (String vendor : concurrency.vendors()) {
            LOG.info("{}: concurrency {}", vendor, concurrency.describe(vendor));
        }
        HttpSettings.apply(context, settings, concurrency);
        Registry registry = context.getRegistry();
        registry.bind("vendorConcurrency", concurrency);
        RateLimits rateLimits = rateLimits(settings);
        registry.bind("rateLimits", rateLimits);
        registry.bind("vendorCall", new VendorCall());
        registry.bind("vendorFailures", new VendorFailures());
        int maxRedeliveries = settings.integer("ferry.retry.max-redeliveries", 5);
        // <vendor>.retry.max-redeliveries (cor, complycube, clemta) overrides the shared limit for one vendor.
        registry.bind("failedAttempts", new OnFailedAttempt(settings.duration("ferry.retry.retry-after-max", "120s"),
                vendor -> settings.integer(vendor.toLowerCase(java.util.Locale.ROOT) + ".retry.max-redeliveries",
                        maxRedeliveries),
                settings.integer("ferry.retry.rate-limited-max-redeliveries", 50), rateLimits, concurrency));
        registry.bind("createClaimWait", new CreateClaimWait(createClaimLease(settings), java.time.Clock.systemUTC()));
    }

    /**
     * ferry.store.create-claim-lease: how long another instance's create claim stands. By default a little more than
     * the longest an instance can take to get a create's answer: every attempt (first + max redeliveries of the most
     * patient vendor) waiting the connect and response timeouts, the backoff delays between them, and a minute for the
     * rate limiter and the store.
     */
    public static Duration createClaimLease(Settings settings) {
        String configured = settings.string("ferry.store.create-claim-lease", null);
        if (configured != null) {
            return settings.duration("ferry.store.create-claim-lease", configured);
        }
        int redeliveries = settings.integer("ferry.retry.max-redeliveries", 5);
        for (String vendor : new String[] {"cor", "complycube", "clemta"}) {
            redeliveries = Math.max(redeliveries, settings.integer(vendor + ".retry.max-redeliveries", redeliveries));
        }
        Duration attempt = settings.duration("ferry.http.connect-timeout", "5s")
                .plus(settings.duration("ferry.http.response-timeout", "30s"));
        Duration lease = attempt.multipliedBy(redeliveries + 1L).plusMinutes(1);
        double delay = settings.integer("ferry.retry.initial-delay", 1000);
        double multiplier = number(settings, "ferry.retry.backoff-multiplier", "2");
        long maxDelay = settings.integer("ferry.retry.max-delay", 60000);
        for (int i = 0; i < redeliveries; i++, delay *= multiplier) {
            lease = lease.plusMillis(Math.min((long) delay, maxDelay));
        }
        return lease;
    }

    /**
     * <vendor>.rate-limit (requests per second; 0 = none) and <vendor>.rate-limit-burst per vendor, defaults from the
     * vendors' documentation: ComplyCube 10/s; COR and Clemta document no number, so none.
     */
    static RateLimits rateLimits(Settings settings) {
        return new RateLimits(
                vendor -> number(settings, vendor + ".rate-limit", "complycube".equals(vendor) ? "10" : "0"),
                vendor -> number(settings, vendor + ".rate-limit-burst", "1"),
                number(settings, "ferry.rate-limit.headroom", "0.97"));
    }

    private static double number(Settings settings, String key, String defaultValue) {
        String value = settings.string(key, defaultValue);
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a number, not '" + value + "'");
        }
    }
}
