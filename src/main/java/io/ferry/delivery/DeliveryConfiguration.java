package io.ferry.delivery;

import io.ferry.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Binds the vendor-neutral beans of the delivery loop and of routes/delivery-errors.camel.yaml. */
public final class DeliveryConfiguration {

    private DeliveryConfiguration() {
    }

    public static void bind(CamelContext context, Settings settings) {
        HttpSettings.apply(context, settings);
        Registry registry = context.getRegistry();
        RateLimits rateLimits = rateLimits(settings);
        registry.bind("rateLimits", rateLimits);
        registry.bind("vendorRequests", new VendorRequests(rateLimits));
        registry.bind("vendorFailures", new VendorFailures());
        int maxRedeliveries = settings.integer("ferry.retry.max-redeliveries", 5);
        // <vendor>.retry.max-redeliveries (cor, complycube, clemta) overrides the shared limit for one vendor.
        registry.bind("failedAttempts", new FailedAttempts(settings.duration("ferry.retry.retry-after-max", "120s"),
                vendor -> settings.integer(vendor.toLowerCase(java.util.Locale.ROOT) + ".retry.max-redeliveries",
                        maxRedeliveries),
                settings.integer("ferry.retry.rate-limited-max-redeliveries", 50), rateLimits));
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
