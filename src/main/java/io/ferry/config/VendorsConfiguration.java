package io.ferry.config;

import io.ferry.Settings;
import io.ferry.clemta.ClemtaConfiguration;
import io.ferry.complycube.ComplyCubeConfiguration;
import io.ferry.cor.CorConfiguration;
import io.ferry.delivery.DeliveryConfiguration;
import io.ferry.deadletter.VendorPause;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.util.List;
import java.util.Locale;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * Calling the vendors: the id map (idMap), the vendor-neutral beans of the delivery loop and its error handler, then
 * each vendor's beans from its own configuration class (COR, ComplyCube, Clemta); a vendor without credentials is
 * disabled.
 */
public final class VendorsConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Resources resources;
    private final String instanceId;

    public VendorsConfiguration(Settings settings, Resources resources, String instanceId) {
        this.settings = settings;
        this.resources = resources;
        this.instanceId = instanceId;
    }

    /** Create claims name this instance: several instances may share the store. */
    @BindToRegistry("idMap")
    public IdMapStore idMap(@BeanInject("store") Store store) {
        return new IdMapStore(store.dataSource(), instanceId, DeliveryConfiguration.createClaimLease(settings),
                settings.duration("ferry.store.commit-delay", "1ms"));
    }

    /**
     * The vendors' own configuration classes bind several beans each, so they run here, once this class's idMap and
     * the dead letter's vendorPause are bound.
     */
    @Override
    public void configure(CamelContext context) {
        IdMapStore idMap = CamelContextHelper.mandatoryLookup(context, "idMap", IdMapStore.class);
        VendorPause pause = CamelContextHelper.mandatoryLookup(context, "vendorPause", VendorPause.class);
        DeliveryConfiguration.bind(context, settings);
        disableWithout("COR", CorConfiguration.missingCredentials(settings), pause);
        resources.open(CorConfiguration.bind(context, settings, idMap));
        registerRatesIntakePool(context);
        disableWithout("ComplyCube", ComplyCubeConfiguration.missingCredentials(settings), pause);
        ComplyCubeConfiguration.bind(context, settings, idMap);
        disableWithout("Clemta", ClemtaConfiguration.missingCredentials(settings), pause);
        ClemtaConfiguration.bind(context, settings, idMap);
    }

    /**
     * The thread pool of the cor-exchange-rates file intake (intake.camel.yaml): cor.rates.concurrency records in
     * flight so batches fill up, a bounded read-ahead queue so a large file is never read into memory, and the reading
     * thread delivering the next record itself when the queue is full. Registered in code, not in Camel Main's
     * properties, so that an application embedding Ferry in a plain CamelContext gets it too.
     */
    private void registerRatesIntakePool(CamelContext context) {
        int concurrency = settings.integer("cor.rates.concurrency", 20);
        ThreadPoolProfile pool = new ThreadPoolProfileBuilder("cor-rates-intake").poolSize(concurrency)
                .maxPoolSize(concurrency).maxQueueSize(concurrency)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        context.getExecutorServiceManager().registerThreadPoolProfile(pool);
    }

    private static void disableWithout(String vendor, List<String> missing, VendorPause pause) {
        if (!missing.isEmpty()) {
            pause.disable(vendor.toLowerCase(Locale.ROOT), vendor + " credentials are missing: set "
                    + String.join(" and ", missing));
        }
    }
}
