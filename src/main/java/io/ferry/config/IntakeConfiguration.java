package io.ferry.config;

import io.ferry.FerryConfiguration;
import io.ferry.Settings;
import io.ferry.intake.FileIntake;
import io.ferry.intake.IntakeLimits;
import io.ferry.intake.KafkaIntake;
import io.ferry.intake.KafkaRoutes;
import io.ferry.intake.QueueIntake;
import io.ferry.intake.RecordReaders;
import io.ferry.mapping.SourceDefinition;
import io.ferry.mapping.SourceRoutes;
import io.ferry.mapping.Sources;
import io.ferry.record.OutcomeSteps;
import io.ferry.record.TargetOutcome;
import io.ferry.record.Targets;
import io.ferry.report.Reports;
import io.ferry.report.RunHistory;
import io.ferry.store.IdempotencyStore;
import io.ferry.store.RunStore;
import io.ferry.store.Store;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading records: the readers of files and messages (from ferry.csv.*, ferry.intake.* and the mapping files), the
 * reports, the intake beans of intake.camel.yaml and the outcome beans of records.camel.yaml.
 */
public final class IntakeConfiguration implements CamelConfiguration {

    // Ferry's start-up lines keep one logger name whichever area writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FerryConfiguration.class);

    private final Settings settings;
    private final Resources resources;
    private final String instanceId;
    private final Targets targets;
    private final Map<String, SourceDefinition> sources;
    private final RecordReaders readers;
    private final boolean dryRun;
    // One of each, shared by the intake beans that use them.
    private IdempotencyStore processed;
    private QueueIntake queueIntake;

    public IntakeConfiguration(CamelContext context, Settings settings, Resources resources, Targets targets,
                               String instanceId) throws Exception {
        this.settings = settings;
        this.resources = resources;
        this.instanceId = instanceId;
        this.targets = targets;
        IntakeLimits limits = new IntakeLimits(
                Charset.forName(settings.string("ferry.intake.charset", "UTF-8")),
                delimiter(settings.string("ferry.csv.delimiter", ",")),
                settings.string("ferry.csv.list-separator", ";"),
                new HashSet<>(settings.list("ferry.csv.list-columns", "cc_emails,bcc_emails")),
                "clear".equalsIgnoreCase(settings.string("ferry.csv.empty-cell", "omit")),
                settings.integer("ferry.intake.max-record-chars", 1_048_576),
                settings.integer("ferry.intake.max-columns", 1_000),
                settings.integer("ferry.intake.max-nesting-depth", 200));
        this.sources = Sources.load(settings.path("ferry.mappings.dir", "./config/mappings"),
                PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:mappings/*.yaml"),
                targets.names());
        this.readers = new RecordReaders(targets, limits, sources);
        this.dryRun = settings.bool("ferry.dry-run", false);
    }

    @BindToRegistry("reports")
    public Reports reports(CamelContext context, @BeanInject("store") Store store) {
        RunHistory runs = new RunHistory(new RunStore(store.dataSource()), instanceId, Clock.systemDefaultZone());
        Reports reports = new Reports(settings.path("ferry.reports.dir", "./reports"), runs,
                settings.duration("ferry.reports.progress-interval", "10s"),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ferry-progress"));
        resources.open(reports::close);
        return reports;
    }

    @BindToRegistry("outcomeSteps")
    public OutcomeSteps outcomes() {
        return new OutcomeSteps();
    }

    @BindToRegistry("malformedRecord")
    public Predicate malformedRecord() {
        return OutcomeSteps.MALFORMED;
    }

    @BindToRegistry("targetOutcome")
    public TargetOutcome targetOutcome() {
        return new TargetOutcome();
    }

    @BindToRegistry("targetRoute")
    public Expression targetRoute() {
        return TargetOutcome.route();
    }

    /** Each file's next chunk is read while the current one is decided and handed to the lanes (RecordChunks). */
    @BindToRegistry("fileIntake")
    public FileIntake fileIntake(CamelContext context, @BeanInject("reports") Reports reports,
                                 @BeanInject("store") Store store) {
        return new FileIntake(readers, reports, processed(store), dryRun,
                context.getExecutorServiceManager().newCachedThreadPool(this, "ferry-read-ahead"));
    }

    @BindToRegistry("queueIntake")
    public QueueIntake queueIntake(@BeanInject("reports") Reports reports, @BeanInject("store") Store store) {
        return sharedQueueIntake(reports, processed(store));
    }

    @BindToRegistry("kafkaIntake")
    public KafkaIntake kafkaIntake(@BeanInject("reports") Reports reports, @BeanInject("store") Store store) {
        return new KafkaIntake(sharedQueueIntake(reports, processed(store)), processed(store));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Path inboxDir = settings.path("ferry.inbox.dir", "./inbox");
        for (String source : sources.keySet()) {
            Files.createDirectories(inboxDir.resolve(source));
        }
        context.addStartupListener(new SourceRoutes(sources.keySet()));
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
        KafkaRoutes.addWhenConfigured(context, settings, targets.names(), sources.keySet());
    }

    private IdempotencyStore processed(Store store) {
        if (processed == null) {
            processed = new IdempotencyStore(store.dataSource());
        }
        return processed;
    }

    /** The queue intake; the Kafka intake hands its records to the same one. */
    private QueueIntake sharedQueueIntake(Reports reports, IdempotencyStore processed) {
        if (queueIntake == null) {
            queueIntake = new QueueIntake(readers, processed, reports);
        }
        return queueIntake;
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
