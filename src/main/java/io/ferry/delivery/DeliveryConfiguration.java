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
        registry.bind("vendorRequests", new VendorRequests());
        registry.bind("vendorFailures", new VendorFailures());
        int maxRedeliveries = settings.integer("ferry.retry.max-redeliveries", 5);
        // <vendor>.retry.max-redeliveries (cor, complycube, clemta) overrides the shared limit for one vendor.
        registry.bind("failedAttempts", new FailedAttempts(settings.duration("ferry.retry.retry-after-max", "120s"),
                vendor -> settings.integer(vendor.toLowerCase(java.util.Locale.ROOT) + ".retry.max-redeliveries",
                        maxRedeliveries),
                settings.integer("ferry.retry.rate-limited-max-redeliveries", 50)));
    }
}
