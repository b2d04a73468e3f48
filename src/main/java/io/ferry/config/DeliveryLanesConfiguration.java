package io.ferry.config;

import io.ferry.Settings;
import io.ferry.delivery.DeliveryLanes;
import io.ferry.delivery.OrderKey;
import io.ferry.delivery.ChangeDetector;
import io.ferry.delivery.Upsert;
import io.ferry.delivery.VendorConcurrency;
import io.ferry.delivery.VendorDelivery;
import io.ferry.deadletter.DeadLetterRelease;
import io.ferry.deadletter.VendorPause;
import io.ferry.observe.FerryMetrics;
import io.ferry.report.UnchangedSettlement;
import io.ferry.store.IdMapStore;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Parallel delivery of files in per-entity order (bean deliveryLanes): &lt;target&gt;.concurrency lanes, else
 * ferry.delivery.concurrency, or &lt;vendor&gt;.concurrency.max for a vendor in adaptive mode (its limiter then decides how
 * many calls are in flight, see {@link VendorConcurrency}); each target's records stay in order by its &lt;target&gt;.order-key. Unchanged records are
 * settled before delivery, with the upsert of their target.
 */
public final class DeliveryLanesConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Resources resources;

    public DeliveryLanesConfiguration(Settings settings, Resources resources) {
        this.settings = settings;
        this.resources = resources;
    }

    /** The upserts are those of every vendor delivery bean: VendorsConfiguration has bound them all by now. */
    @BindToRegistry("deliveryLanes")
    public DeliveryLanes deliveryLanes(CamelContext context, @BeanInject("idMap") IdMapStore idMap,
                                       @BeanInject("vendorPause") VendorPause pause,
                                       @BeanInject("deadLetterRelease") DeadLetterRelease releaser,
                                       @BeanInject("metrics") FerryMetrics metrics,
                                       @BeanInject("vendorConcurrency") VendorConcurrency vendorConcurrency) {
        Map<String, Upsert> upserts = new HashMap<>();
        context.getRegistry().findByType(VendorDelivery.class).forEach(d -> upserts.put(d.upsert().target(), d.upsert()));
        int concurrency = settings.integer("ferry.delivery.concurrency", 8);
        return resources.open(new DeliveryLanes(context.createProducerTemplate(), "direct:record",
                intake -> vendorConcurrency.laneThreads(intake, settings.integer(intake + ".concurrency", concurrency)),
                settings.integer("ferry.delivery.lane-queue", 64),
                OrderKey.byTarget(context.getRegistry().findByType(VendorDelivery.class)),
                new ChangeDetector(idMap, upserts::get, pause::isPaused, settings.integer(
                        "ferry.delivery.detection-threads", Runtime.getRuntime().availableProcessors())),
                new UnchangedSettlement(releaser, metrics)));
    }

    @Override
    public void configure(CamelContext context) {
        // Everything of the lanes is the bean.
    }
}
