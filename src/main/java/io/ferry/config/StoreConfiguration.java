package io.ferry.config;

import io.ferry.FerryConfiguration;
import io.ferry.Settings;
import io.ferry.intake.FileClaimLock;
import io.ferry.observe.StoreHealthCheck;
import io.ferry.store.FileClaims;
import io.ferry.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDBC store (bean store), this instance's name in it, and the inbox's read lock on file claims (fileClaimLock). */
public final class StoreConfiguration implements CamelConfiguration {

    // Ferry's start-up lines keep one logger name whichever area writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FerryConfiguration.class);

    private final Settings settings;
    private final Resources resources;
    private String instanceId;

    public StoreConfiguration(Settings settings, Resources resources) {
        this.settings = settings;
        this.resources = resources;
    }

    @BindToRegistry("store")
    public Store store(CamelContext context) throws IOException {
        Path dataDir = settings.path("ferry.data.dir", "./data");
        // WRITE_DELAY=500: H2 writes commits to its file at the latest half a second later. The writes that must
        // survive a killed process (create claims, processed marks) are written at once (store.DurabilityPolicy); an id-map
        // row lost that way costs its record one call more, never a second create. Set explicitly: H2 keeps the value
        // in the database, and stores made with WRITE_DELAY=0 take this one.
        // AUTO_COMPACT_FILL_RATE=50: H2 rewrites the chunks of its file to keep them at least half live, instead of 90%
        // live (its default). Rewriting a chunk that is a fraction f live, to free the rest, writes f / (1 - f) bytes
        // per byte freed: 9 at 90%, 1 at 50%. At 90%, H2's background writer and serialization thread used about a
        // fifth of Ferry's CPU in a first run of new records (whose id-map rows each change twice: claim, answer); at
        // 50%, 4%, and the file holds 1.7 to 1.9 times its live data (bench/run.sh, docs/performance.md).
        Store store = resources.open(new Store(
                settings.string("ferry.store.url", "jdbc:h2:file:" + dataDir.resolve("store").resolve("ferry")
                        + ";WRITE_DELAY=500;AUTO_COMPACT_FILL_RATE=50"),
                settings.string("ferry.store.user", "sa"), settings.string("ferry.store.password", ""),
                settings.integer("ferry.store.pool-size", 10)));
        instanceId = Store.instanceId(instanceName(settings.string("ferry.instance.name", "")), dataDir);
        LOG.info("Ferry instance {}", instanceId);
        HealthCheckRegistry.get(context).register(new StoreHealthCheck(store.dataSource()));
        return store;
    }

    /**
     * The inbox's read lock (intake.camel.yaml): a claim in the store, so that several instances can share an inbox,
     * then the file must have stopped changing. Claims are renewed every third of ferry.inbox.claim-lease.
     */
    @BindToRegistry("fileClaimLock")
    public FileClaimLock fileClaimLock(CamelContext context, @BeanInject("store") Store store) {
        FileClaims claims = new FileClaims(store.dataSource(), instanceId(),
                settings.duration("ferry.inbox.claim-lease", "30s"));
        FileClaimLock lock = new FileClaimLock(claims,
                settings.duration("ferry.inbox.read-lock-min-age", "1000").toMillis(),
                settings.duration("ferry.inbox.read-lock-check-interval", "1000").toMillis(),
                settings.duration("ferry.inbox.read-lock-timeout", "20000").toMillis());
        long every = Math.max(claims.lease().toMillis() / 3, 10);
        ScheduledExecutorService heartbeats = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "ferry-file-claims");
        // Stopped with the context, before the store closes (resources close in reverse order).
        resources.open(heartbeats::shutdownNow);
        heartbeats.scheduleWithFixedDelay(() -> {
            try {
                claims.heartbeat();
            } catch (RuntimeException e) {
                // A task that throws is never run again: the claims would expire under a live instance.
                LOG.warn("File claim heartbeat failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return lock;
    }

    /** This instance's name in the store's claims; known once the store bean is made. */
    public String instanceId() {
        if (instanceId == null) {
            throw new IllegalStateException("the store is not open yet");
        }
        return instanceId;
    }

    @Override
    public void configure(CamelContext context) {
        // Everything of the store is a bean.
    }

    /** A name that can be part of a file name: letters, digits, '-', '_' and '.'. */
    private static String instanceName(String name) {
        if (!name.isBlank() && !name.strip().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("configuration ferry.instance.name must be letters, digits, '.', '-' or"
                    + " '_' (at most 64), not '" + name + "'");
        }
        return name.strip();
    }
}
