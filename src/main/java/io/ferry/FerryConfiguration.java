package io.ferry;

import io.ferry.config.BrokerConfiguration;
import io.ferry.config.DeadLetterConfiguration;
import io.ferry.config.DeliveryLanesConfiguration;
import io.ferry.config.IntakeConfiguration;
import io.ferry.config.ObserveConfiguration;
import io.ferry.config.OperatorConfiguration;
import io.ferry.config.Resources;
import io.ferry.config.StoreConfiguration;
import io.ferry.config.TargetsConfiguration;
import io.ferry.config.VendorsConfiguration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.engine.DefaultCamelBeanPostProcessor;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Creates Ferry's runtime pieces from configuration and binds them for the routes, one area at a time (io.ferry.config):
 * targets, broker (embedded Artemis unless ferry.broker.url is set), JDBC store, intake, dead letter, vendors,
 * metrics, delivery lanes and the operator interface. Usable from Camel Main or any CamelContext.
 */
public class FerryConfiguration implements CamelConfiguration {

    // Closed in reverse order when the CamelContext stops.
    private final Resources resources = new Resources();

    @Override
    public void configure(CamelContext context) throws Exception {
        try {
            bind(context);
        } catch (Exception | Error e) {
            // A configuration error (e.g. missing COR credentials) must not leave the broker and store running.
            resources.closeAll();
            throw e;
        }
    }

    /** Each area may use what an earlier one made: the order below is the order of dependence. */
    private void bind(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                resources.closeAll();
            }
        });
        TargetsConfiguration targets = apply(context, new TargetsConfiguration(settings));
        BrokerConfiguration broker = apply(context, new BrokerConfiguration(settings, resources, targets.targets()));
        StoreConfiguration store = apply(context, new StoreConfiguration(settings, resources));
        apply(context, new IntakeConfiguration(context, settings, resources, targets.targets(), store.instanceId()));
        DeadLetterConfiguration deadLetter = apply(context, new DeadLetterConfiguration(settings, resources,
                broker.connectionFactory(), targets.targets()));
        apply(context, new VendorsConfiguration(settings, resources, store.instanceId()));
        apply(context, new ObserveConfiguration(settings, deadLetter.queue()));
        apply(context, new DeliveryLanesConfiguration(settings, resources));
        apply(context, new OperatorConfiguration(settings, targets.targets(), deadLetter.queue()));
    }

    /**
     * Binds the area's @BindToRegistry methods as Camel Main binds those of its configuration classes, then runs its
     * configure. Ferry's own post processor, not the context's: a host application's settings (a disabled or lazy
     * post processor, Spring's, which ignores @BindToRegistry) must not leave Ferry's beans unbound or made late.
     */
    private static <T extends CamelConfiguration> T apply(CamelContext context, T area) throws Exception {
        CamelBeanPostProcessor beans = new DefaultCamelBeanPostProcessor(context);
        try {
            beans.postProcessBeforeInitialization(area, area.getClass().getName());
            beans.postProcessAfterInitialization(area, area.getClass().getName());
        } catch (RuntimeCamelException e) {
            // Camel wraps what a bean method throws; the caller sees the configuration error itself, as it is.
            if (e.getClass() == RuntimeCamelException.class && e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getClass() == RuntimeCamelException.class && e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        area.configure(context);
        return area;
    }
}
