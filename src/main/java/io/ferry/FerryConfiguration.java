package io.ferry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.broker.EmbeddedBroker;
import io.ferry.failure.OperatorApi;
import io.ferry.failure.DeadLetterQueue;
import io.ferry.failure.Releaser;
import io.ferry.clemta.ClemtaConfiguration;
import io.ferry.complycube.ComplyCubeConfiguration;
import io.ferry.failure.VendorHealthCheck;
import io.ferry.failure.VendorPause;
import io.ferry.observe.BrokerHealthCheck;
import io.ferry.observe.FerryMetrics;
import io.ferry.observe.StoreHealthCheck;
import io.ferry.observe.VendorCallTimer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ThreadPoolProfile;
import io.ferry.cor.CorConfiguration;
import io.ferry.delivery.DeliveryConfiguration;
import io.ferry.delivery.DeliveryLanes;
import io.ferry.delivery.OrderKey;
import io.ferry.delivery.UnchangedRecords;
import io.ferry.delivery.Upsert;
import io.ferry.delivery.VendorDelivery;
import io.ferry.intake.FileClaimLock;
import io.ferry.intake.FileIntake;
import io.ferry.intake.IntakeLimits;
import io.ferry.intake.KafkaIntake;
import io.ferry.intake.KafkaRoutes;
import io.ferry.intake.QueueIntake;
import io.ferry.intake.RecordReaders;
import io.ferry.mapping.SourceDefinition;
import io.ferry.mapping.SourceRoutes;
import io.ferry.mapping.Sources;
import io.ferry.record.Outcomes;
import io.ferry.record.TargetOutcome;
import io.ferry.record.Targets;
import io.ferry.operator.ConsolePages;
import io.ferry.operator.OperatorToken;
import io.ferry.operator.RunsApi;
import io.ferry.report.HistoryRetention;
import io.ferry.report.Reports;
import io.ferry.report.RunHistory;
import io.ferry.store.RunStore;
import io.ferry.report.SettledRecords;
import io.ferry.store.IdMapStore;
import io.ferry.store.FileClaims;
import io.ferry.store.IdempotencyStore;
import io.ferry.store.Store;
import jakarta.jms.ConnectionFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Creates Ferry's runtime pieces from configuration and binds them for the routes: broker (embedded Artemis unless
 * ferry.broker.url is set), JDBC store, readers, reports and the intake beans. Usable from Camel Main or any
 * CamelContext.
 */
public class FerryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FerryConfiguration.class);

    // Closed in reverse order when the CamelContext stops.
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    // The broker's own factory, for the dead letter's selectors and transactions (no session caching).
    private ConnectionFactory brokerFactory;

    @Override
    public void configure(CamelContext context) throws Exception {
        try {
            bind(context);
        } catch (Exception | Error e) {
            // A configuration error (e.g. missing COR credentials) must not leave the broker and store running.
            closeResources();
            throw e;
        }
    }

    private void bind(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                closeResources();
            }
        });

        Targets targets = Targets.defaults(settings.string("clemta.external-id-column", "external_id"));
        registry.bind("targets", targets);
        Path dataDir = settings.path("ferry.data.dir", "./data");
        Path inboxDir = settings.path("ferry.inbox.dir", "./inbox");
        for (String target : targets.names()) {
            Files.createDirectories(inboxDir.resolve(target));
        }

        context.addComponent("jms", JmsComponent.jmsComponent(connectionFactory(settings, dataDir, targets)));

        // WRITE_DELAY=500: H2 writes commits to its file at the latest half a second later. The writes that must
        // survive a killed process (create claims, processed marks) are written at once (store.Durability); an id-map
        // row lost that way costs its record one call more, never a second create. Set explicitly: H2 keeps the value
        // in the database, and stores made with WRITE_DELAY=0 take this one.
        Store store = open(new Store(
                settings.string("ferry.store.url", "jdbc:h2:file:" + dataDir.resolve("store").resolve("ferry")
                        + ";WRITE_DELAY=500"),
                settings.string("ferry.store.user", "sa"), settings.string("ferry.store.password", ""),
                settings.integer("ferry.store.pool-size", 10)));
        registry.bind("store", store);
        String instanceId = Store.instanceId(instanceName(settings.string("ferry.instance.name", "")), dataDir);
        LOG.info("Ferry instance {}", instanceId);
        HealthCheckRegistry.get(context).register(new StoreHealthCheck(store.dataSource()));
        IdempotencyStore processed = new IdempotencyStore(store.dataSource());
        bindFileClaimLock(context, settings, store, instanceId);

        IntakeLimits limits = new IntakeLimits(
                Charset.forName(settings.string("ferry.intake.charset", "UTF-8")),
                delimiter(settings.string("ferry.csv.delimiter", ",")),
                settings.string("ferry.csv.list-separator", ";"),
                new HashSet<>(settings.list("ferry.csv.list-columns", "cc_emails,bcc_emails")),
                "clear".equalsIgnoreCase(settings.string("ferry.csv.empty-cell", "omit")),
                settings.integer("ferry.intake.max-record-chars", 1_048_576),
                settings.integer("ferry.intake.max-columns", 1_000),
                settings.integer("ferry.intake.max-nesting-depth", 200));
        Map<String, SourceDefinition> sources = Sources.load(
                settings.path("ferry.mappings.dir", "./config/mappings"),
                PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:mappings/*.yaml"),
                targets.names());
        for (String source : sources.keySet()) {
            Files.createDirectories(inboxDir.resolve(source));
        }
        context.addStartupListener(new SourceRoutes(sources.keySet()));
        RecordReaders readers = new RecordReaders(targets, limits, sources);
        RunHistory runs = new RunHistory(new RunStore(store.dataSource()), instanceId, Clock.systemDefaultZone());
        Reports reports = new Reports(settings.path("ferry.reports.dir", "./reports"), runs,
                settings.duration("ferry.reports.progress-interval", "10s"),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ferry-progress"));
        resources.push(reports::close);
        registry.bind("reports", reports);
        registry.bind("outcomes", new Outcomes());
        registry.bind("malformedRecord", Outcomes.MALFORMED);
        registry.bind("targetOutcome", new TargetOutcome());
        registry.bind("targetRoute", TargetOutcome.route());
        boolean dryRun = settings.bool("ferry.dry-run", false);
        // Each file's next chunk is read while the current one is decided and handed to the lanes (RecordChunks).
        registry.bind("fileIntake", new FileIntake(readers, reports, processed, dryRun,
                context.getExecutorServiceManager().newCachedThreadPool(this, "ferry-read-ahead")));
        if (dryRun) {
            // A dry run must not consume queue messages: they would be acknowledged without being delivered.
            LOG.warn("DRY RUN: files are read and reported (would create / would update), nothing is sent to any"
                    + " vendor and nothing is stored; queues are not read");
            context.getCamelContextExtension().getContextPlugin(Model.class).addModelLifecycleStrategy(
                    new ModelLifecycleStrategySupport() {
                        @Override
                        public void onAddRouteDefinition(RouteDefinition definition) {
                            if (definition.getRouteId() != null && (definition.getRouteId().startsWith("queue-")
                                    || definition.getRouteId().startsWith("kafka-"))) {
                                definition.setAutoStartup("false");
                            }
                        }
                    });
        }
        QueueIntake queueIntake = new QueueIntake(readers, processed, reports);
        registry.bind("queueIntake", queueIntake);
        registry.bind("kafkaIntake", new KafkaIntake(queueIntake, processed));
        KafkaRoutes.addWhenConfigured(context, settings, targets.names(), sources.keySet());

        // Vendor delivery: the shared HTTP settings and error-handler beans, then one block per vendor.
        // Create claims name this instance: several instances may share the store.
        IdMapStore idMap = new IdMapStore(store.dataSource(), instanceId,
                DeliveryConfiguration.createClaimLease(settings), settings.duration("ferry.store.commit-delay", "1ms"));
        registry.bind("idMap", idMap);
        DeliveryConfiguration.bind(context, settings);
        // A vendor without credentials is disabled (its routes do not start); the others run.
        VendorPause pause = new VendorPause(context, targets.names(), settings.duration("ferry.auth.pause", "5m"),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ferry-vendor-pause"),
                Clock.systemDefaultZone());
        context.getCamelContextExtension().getContextPlugin(Model.class)
                .addModelLifecycleStrategy(pause.keepRoutesStopped());
        disableWithout("COR", CorConfiguration.missingCredentials(settings), pause);
        open(CorConfiguration.bind(context, settings, idMap));
        registerRatesIntakePool(context, settings);
        disableWithout("ComplyCube", ComplyCubeConfiguration.missingCredentials(settings), pause);
        ComplyCubeConfiguration.bind(context, settings, idMap);
        disableWithout("Clemta", ClemtaConfiguration.missingCredentials(settings), pause);
        ClemtaConfiguration.bind(context, settings, idMap);

        bindDeadLetter(context, settings, reports, pause, targets);

        // Parallel delivery of files in per-entity order: <target>.concurrency lanes, else ferry.delivery.concurrency.
        // Unchanged records are settled before delivery, with the upsert of their target.
        Map<String, Upsert> upserts = new HashMap<>();
        registry.findByType(VendorDelivery.class).forEach(d -> upserts.put(d.upsert().target(), d.upsert()));
        int concurrency = settings.integer("ferry.delivery.concurrency", 8);
        registry.bind("deliveryLanes", open(new DeliveryLanes(context.createProducerTemplate(), "direct:record",
                intake -> settings.integer(intake + ".concurrency", concurrency),
                settings.integer("ferry.delivery.lane-queue", 64),
                OrderKey.byTarget(registry.findByType(VendorDelivery.class)),
                new UnchangedRecords(idMap, upserts::get, pause::isPaused, settings.integer(
                        "ferry.delivery.detection-threads", Runtime.getRuntime().availableProcessors())),
                new SettledRecords(registry.lookupByNameAndType("releaser", Releaser.class),
                        registry.lookupByNameAndType("metrics", FerryMetrics.class)))));
    }

    /**
     * The inbox's read lock (intake.camel.yaml): a claim in the store, so that several instances can share an inbox,
     * then the file must have stopped changing. Claims are renewed every third of ferry.inbox.claim-lease.
     */
    private void bindFileClaimLock(CamelContext context, Settings settings, Store store, String instanceId) {
        FileClaims claims = new FileClaims(store.dataSource(), instanceId,
                settings.duration("ferry.inbox.claim-lease", "30s"));
        context.getRegistry().bind("fileClaimLock", new FileClaimLock(claims,
                settings.duration("ferry.inbox.read-lock-min-age", "1000").toMillis(),
                settings.duration("ferry.inbox.read-lock-check-interval", "1000").toMillis(),
                settings.duration("ferry.inbox.read-lock-timeout", "20000").toMillis()));
        long every = Math.max(claims.lease().toMillis() / 3, 10);
        java.util.concurrent.ScheduledExecutorService heartbeats = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "ferry-file-claims");
        // Stopped with the context, before the store closes (resources close in reverse order).
        resources.push(heartbeats::shutdownNow);
        heartbeats.scheduleWithFixedDelay(() -> {
                    try {
                        claims.heartbeat();
                    } catch (RuntimeException e) {
                        // A task that throws is never run again: the claims would expire under a live instance.
                        LOG.warn("File claim heartbeat failed: {}", e.toString());
                    }
                }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * The thread pool of the cor-exchange-rates file intake (intake.camel.yaml): cor.rates.concurrency records in
     * flight so batches fill up, a bounded read-ahead queue so a large file is never read into memory, and the reading
     * thread delivering the next record itself when the queue is full. Registered in code, not in Camel Main's
     * properties, so that an application embedding Ferry in a plain CamelContext gets it too.
     */
    private static void registerRatesIntakePool(CamelContext context, Settings settings) {
        int concurrency = settings.integer("cor.rates.concurrency", 20);
        ThreadPoolProfile pool = new ThreadPoolProfileBuilder("cor-rates-intake").poolSize(concurrency)
                .maxPoolSize(concurrency).maxQueueSize(concurrency)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        context.getExecutorServiceManager().registerThreadPoolProfile(pool);
    }

    private static void disableWithout(String vendor, List<String> missing, VendorPause pause) {
        if (!missing.isEmpty()) {
            pause.disable(vendor.toLowerCase(java.util.Locale.ROOT), vendor + " credentials are missing: set "
                    + String.join(" and ", missing));
        }
    }

    /** The dead letter: parking queue, releaser (its own thread), vendor pause and the operator interface. */
    private void bindDeadLetter(CamelContext context, Settings settings, Reports reports, VendorPause pause,
                                Targets targets) {
        ObjectMapper json = new ObjectMapper();
        DeadLetterQueue queue = open(new DeadLetterQueue(brokerFactory, json));
        Releaser releaser = new Releaser(queue, context.createProducerTemplate(), reports, json,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "ferry-release"),
                Clock.systemDefaultZone(), settings.integer("ferry.deadletter.max-cycles", 3), pause);
        pause.onResume(releaser::requestRelease);
        releaser.loadParkedKeys();
        context.getRegistry().bind("vendorPause", pause);
        context.getRegistry().bind("pausedVendor", pause.pausedRecord());
        context.getRegistry().bind("releaser", releaser);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new VendorHealthCheck(pause));
        health.register(new BrokerHealthCheck(brokerFactory));

        FerryMetrics metrics = new FerryMetrics(context);
        context.getRegistry().bind("metrics", metrics);
        io.ferry.delivery.RateLimits rateLimits = context.getRegistry().lookupByNameAndType("rateLimits",
                io.ferry.delivery.RateLimits.class);

        // The operator interface (operator.camel.yaml): the dead letter, the vendors, the runs and the console.
        OperatorToken token = new OperatorToken(settings.string("ferry.operator.token", null));
        List<String> vendors = targets.names().stream().map(VendorPause::vendorOf).distinct().toList();
        context.getRegistry().bind("operatorApi", new OperatorApi(queue, releaser, pause, json, token, vendors,
                rateLimits, metrics));
        context.getRegistry().bind("runsApi", new RunsApi(reports.runs().store(), reports, token, json));
        context.getRegistry().bind("consolePages", new ConsolePages());
        context.getRegistry().bind("historyRetention", new HistoryRetention(reports.runs().store(), reports.dir(),
                settings.path("ferry.inbox.dir", "./inbox"), settings.duration("ferry.history.retention", "30d"),
                Clock.systemDefaultZone()));
        rateLimits.listener(metrics::rateLimitWait);
        context.getManagementStrategy().addEventNotifier(new VendorCallTimer(metrics, rateLimits));
        metrics.watchParked(queue, context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "ferry-metrics"), settings.duration("ferry.metrics.parked-refresh", "30s"));
    }

    private ConnectionFactory connectionFactory(Settings settings, Path dataDir, Targets targets) throws Exception {
        String url = settings.string("ferry.broker.url", "");
        ActiveMQConnectionFactory factory;
        if (url.isEmpty()) {
            List<String> queues = new java.util.ArrayList<>(targets.names().stream().map(target -> "sync.in." + target).toList());
            queues.add(DeadLetterQueue.QUEUE);
            EmbeddedBroker broker = new EmbeddedBroker(dataDir.resolve("broker"),
                    settings.integer("ferry.broker.vm-id", 0),
                    settings.string("ferry.broker.acceptor", "tcp://127.0.0.1:61616"), queues);
            broker.start();
            open(broker);
            factory = new ActiveMQConnectionFactory(broker.inVmUrl());
        } else {
            LOG.info("Using the external broker {}; no embedded broker is started", url);
            factory = new ActiveMQConnectionFactory(url, settings.string("ferry.broker.user", null),
                    settings.string("ferry.broker.password", null));
        }
        brokerFactory = factory;
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setSessionCacheSize(10);
        resources.push(caching::destroy);
        resources.push(factory::close);
        return caching;
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.push(resource);
        return resource;
    }

    private void closeResources() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}: {}", resource, e.toString());
            }
        }
    }

    /** A name that can be part of a file name: letters, digits, '-', '_' and '.'. */
    private static String instanceName(String name) {
        if (!name.isBlank() && !name.strip().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("configuration ferry.instance.name must be letters, digits, '.', '-' or"
                    + " '_' (at most 64), not '" + name + "'");
        }
        return name.strip();
    }

    private static char delimiter(String value) {
        if ("\\t".equals(value) || "tab".equalsIgnoreCase(value)) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException("configuration ferry.csv.delimiter must be one character, not '" + value + "'");
        }
        return value.charAt(0);
    }
}
