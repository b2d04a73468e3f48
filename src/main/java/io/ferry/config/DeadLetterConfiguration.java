package io.ferry.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.Settings;
import io.ferry.deadletter.DeadLetterMessage;
import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.deadletter.DeadLetterRelease;
import io.ferry.deadletter.VendorHealthCheck;
import io.ferry.deadletter.VendorPause;
import io.ferry.record.Targets;
import io.ferry.report.Reports;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.model.Model;

/**
 * The dead letter (deadletter.camel.yaml): the parking queue, the releaser on its own thread, and the vendor pause
 * that parks a paused or disabled vendor's records (vendorPause, pausedVendor, deadLetterRelease, recordToPark,
 * deadLetterMessage).
 */
public final class DeadLetterConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Targets targets;
    private final ObjectMapper json = new ObjectMapper();
    private final DeadLetterQueue queue;

    /** brokerFactory: the broker's own factory, without session caching, for the queue's selectors and transactions. */
    public DeadLetterConfiguration(Settings settings, Resources resources, ConnectionFactory brokerFactory,
                                   Targets targets) {
        this.settings = settings;
        this.targets = targets;
        this.queue = resources.open(new DeadLetterQueue(brokerFactory, json));
    }

    /** A vendor without credentials is disabled (its routes do not start) through this pause; the others run. */
    @BindToRegistry("vendorPause")
    public VendorPause vendorPause(CamelContext context) {
        VendorPause pause = new VendorPause(context, targets.names(), settings.duration("ferry.auth.pause", "5m"),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ferry-vendor-pause"),
                Clock.systemDefaultZone());
        context.getCamelContextExtension().getContextPlugin(Model.class)
                .addModelLifecycleStrategy(pause.keepRoutesStopped());
        HealthCheckRegistry.get(context).register(new VendorHealthCheck(pause));
        return pause;
    }

    @BindToRegistry("pausedVendor")
    public Predicate pausedVendor(@BeanInject("vendorPause") VendorPause pause) {
        return pause.pausedRecord();
    }

    @BindToRegistry("deadLetterRelease")
    public DeadLetterRelease releaser(CamelContext context, @BeanInject("reports") Reports reports,
                             @BeanInject("vendorPause") VendorPause pause) {
        DeadLetterRelease releaser = new DeadLetterRelease(queue, context.createProducerTemplate(), reports, json,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "ferry-release"),
                Clock.systemDefaultZone(), settings.integer("ferry.deadletter.max-cycles", 3), pause);
        pause.onResume(releaser::requestRelease);
        releaser.loadParkedKeys();
        return releaser;
    }

    /** The record route's test for a record to park (records.camel.yaml). */
    @BindToRegistry("recordToPark")
    public Predicate recordToPark() {
        return DeadLetterMessage.TO_PARK;
    }

    /** Makes a parked record's dead-letter message, which the record route sends to the queue. */
    @BindToRegistry("deadLetterMessage")
    public DeadLetterMessage deadLetterMessage() {
        return new DeadLetterMessage(json, Clock.systemDefaultZone());
    }

    /** The parking queue, for the operator interface and the metrics. */
    public DeadLetterQueue queue() {
        return queue;
    }

    @Override
    public void configure(CamelContext context) {
        // Everything of the dead letter is a bean.
    }
}
