package io.ferry.config;

import io.ferry.Settings;
import io.ferry.delivery.RateLimits;
import io.ferry.delivery.VendorConcurrency;
import java.util.List;
import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.observe.FerryMetrics;
import io.ferry.observe.VendorCallTimer;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Ferry's metrics (bean metrics): vendor call times, waits for the rate limits and the number of parked records.
 * The health checks are registered by the areas whose piece they check.
 */
public final class ObserveConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final DeadLetterQueue queue;

    public ObserveConfiguration(Settings settings, DeadLetterQueue queue) {
        this.settings = settings;
        this.queue = queue;
    }

    @BindToRegistry("metrics")
    public FerryMetrics metrics(CamelContext context, @BeanInject("rateLimits") RateLimits rateLimits,
                                @BeanInject("vendorConcurrency") VendorConcurrency concurrency) {
        FerryMetrics metrics = new FerryMetrics(context);
        metrics.watchConcurrency(concurrency, List.of("cor", "complycube", "clemta"));
        rateLimits.listener(metrics::rateLimitWait);
        context.getManagementStrategy().addEventNotifier(new VendorCallTimer(metrics, rateLimits));
        metrics.watchParked(queue, context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "ferry-metrics"), settings.duration("ferry.metrics.parked-refresh", "30s"));
        return metrics;
    }

    @Override
    public void configure(CamelContext context) {
        // Everything of the metrics is the bean.
    }
}
