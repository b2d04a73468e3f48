package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry in its own JVM consumes a Kafka topic of COR clients (three partitions, three consumer threads) and is killed
 * with SIGKILL three times in the middle of the stream, each time at a random point of a different part of it, then
 * started again on the same data directory and consumer group. Afterwards every external id was created exactly once
 * in the sandbox (and no create was ever sent for an id that already existed), every published record ends with
 * exactly one final outcome in the topic's reports, and at none of the kills had Kafka an offset committed for a
 * record that had no outcome yet.
 *
 * <p>Why the offsets are checked at the kills: Ferry commits a record's offset only after its outcome is written
 * (docs/kafka.md). If it ever committed first, a kill between the commit and the outcome would lose the record for
 * good: the next start reads on from the committed offset. A dead process commits nothing more, so the group's
 * committed offsets read right after a kill, compared with the report rows on disk at that moment (no Ferry runs
 * until the restart), show whether any committed record was still without its outcome.
 *
 * <p>"Final outcome": a record's report row is written before its offset is committed, so a record caught between
 * the two by a kill is read again after the restart and may get a second row (unchanged or updated: it is recognised
 * by the store or looked up, never created twice). The last row per row label ({@code topic/partition/offset#1}) is
 * the final outcome, and at most one record per partition and kill has two rows.
 *
 * <p>Size: 3,000 records, about 75 s on an otherwise idle 2-core machine, most of it the broker's and four Ferry
 * starts. {@code -Dferry.proof.kafka-crash-records=N} changes the size and {@code -Dferry.proof.seed} repeats a run's
 * kill points; both are printed to the test output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaCrashRecoveryIT {

    private static final int RECORDS = Integer.getInteger("ferry.proof.kafka-crash-records", 3_000);
    private static final int PARTITIONS = 3;
    private static final String TOPIC = "crash.cor-clients";
    private static final String GROUP = "kafka-crash-recovery";
    private static final String TARGET = "cor-clients";
    // Kill points as shares of the clients created: one draw in each window, so the kills spread over the stream.
    private static final double[][] KILL_WINDOWS = {{0.20, 0.35}, {0.40, 0.60}, {0.65, 0.80}};
    // Generous: on a loaded 2-core machine a Ferry start alone can take half a minute.
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
    private static final Set<String> DELIVERED = Set.of("created", "updated", "unchanged");

    private final long seed = Long.getLong("ferry.proof.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private Sandbox sandbox;
    private KafkaBroker kafka;
    private Admin admin;
    private FerryProcess ferry;
    // The row label (topic/partition/offset#1) of every published record, and its external id.
    private final Map<String, String> published = new LinkedHashMap<>();
    private final List<KillSnapshot> kills = new ArrayList<>();

    /**
     * What was on disk and in Kafka right after one kill: the committed offset of each partition (0 before the group's
     * first commit there) and the final report row of every row label written so far.
     */
    private record KillSnapshot(int clientsAtKill, int drawnPoint, Map<Integer, Long> committed,
                                Map<String, Row> outcomes) {
        @Override
        public String toString() {
            return String.format("kill at %d clients (drawn %d), committed offsets %s, %d records with a row",
                    clientsAtKill, drawnPoint, committed, outcomes.size());
        }
    }

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void consumeWhileBeingKilledThreeTimes(@TempDir Path root) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        kafka = KafkaBroker.start(root.resolve("kafka"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()));
        kafka.createTopic(TOPIC, PARTITIONS);
        publish();

        ferry = new FerryProcess(root, Map.of(
                "cor.base-url", sandbox.corBaseUrl(),
                "cor.token-url", sandbox.corTokenUrl(),
                "ferry.kafka.brokers", kafka.bootstrap(),
                "ferry.kafka.group-id", GROUP,
                "ferry.kafka.topic." + TARGET, TOPIC,
                // One consumer thread per partition: three records are in flight at any time, one per partition.
                "ferry.kafka.consumers", Integer.toString(PARTITIONS),
                // A killed consumer never leaves its group: Kafka hands its partitions to the restarted Ferry only
                // once its session has expired. The broker's minimum (6 s) instead of 45 s keeps each restart short.
                "camel.component.kafka.session-timeout-ms", "6000",
                "camel.component.kafka.heartbeat-interval-ms", "1000"),
                Map.of("COR_API_KEY", sandbox.config().corApiKey(),
                        "COR_CLIENT_SECRET", sandbox.config().corClientSecret()));
        long started = System.nanoTime();
        ferry.start();

        for (double[] window : KILL_WINDOWS) {
            int point = (int) (RECORDS * (window[0] + random.nextDouble() * (window[1] - window[0])));
            await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(5))
                    .until(() -> alive() && sandbox.corClientCount() >= point);
            ferry.kill();
            int clients = sandbox.corClientCount();
            // Offsets first, reports second: had a commit sent just before the kill still been on its way, the
            // offsets read could only be older than the reports, never newer.
            Map<Integer, Long> committed = committedOffsets();
            Map<String, Row> outcomes = ReportFile.finalRows(reportLines());
            kills.add(new KillSnapshot(clients, point, committed, outcomes));
            ferry.start();
        }

        // Done when every offset is committed. Each commit comes after its record's outcome, so the reports are
        // complete then; the tests below check that, rather than waiting for it here and failing with a timeout.
        await("every offset committed").atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> alive()
                && committedOffsets().values().stream().mapToLong(Long::longValue).sum() == RECORDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Row> lines = reportLines();
        System.out.printf("KafkaCrashRecoveryIT: seed %d, %d records on %d partitions in %.1f s (3 kills and restarts"
                        + " included); %s; %d rows in all, %d of them for records reported again; COR %s%n", seed,
                RECORDS, PARTITIONS, seconds, kills, lines.size(), lines.size() - ReportFile.finalRows(lines).size(),
                sandbox.stats().at("/cor/operations/clients.create"));
    }

    @AfterAll
    void stop() throws Exception {
        // Each resource is closed even when closing the one before failed; the first failure is rethrown.
        Exception failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {ferry, admin == null ? null : () -> admin.close(
                Duration.ofSeconds(5)), kafka, sandbox}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void everyClientWasCreatedExactlyOnce() {
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).as("creates sent for existing ids").isZero();
        // Each successful create added a new client, and there are as many as records: none was created twice.
        assertThat(sandbox.stats().at("/cor/operations/clients.create/successes").asLong()).as("clients created")
                .isEqualTo(RECORDS);
        assertThat(sandbox.corClientCount()).isEqualTo(RECORDS);
        published.values().forEach(id -> assertThat(sandbox.corClient(id)).as("client %s", id).isPresent());
    }

    @Test
    void everyRecordEndsWithExactlyOneFinalOutcome() throws IOException {
        List<Row> lines = reportLines();
        Map<String, Row> outcomes = ReportFile.finalRows(lines);
        // The differences, not the whole lists: a failure names the few records concerned.
        Set<String> unreported = new TreeSet<>(published.keySet());
        unreported.removeAll(outcomes.keySet());
        assertThat(unreported).as("published records without a report row").isEmpty();
        assertThat(outcomes.keySet()).as("rows of records never published").isSubsetOf(published.keySet());
        outcomes.forEach((label, line) -> {
            assertThat(line.externalId()).as("external id of %s", label).isEqualTo(published.get(label));
            assertThat(line.outcome()).as("final outcome of %s: %s", label, line).isIn(DELIVERED);
        });
        assertThat(outcomes.values()).extracting(Row::externalId).as("one final outcome per external id")
                .doesNotHaveDuplicates();
        // Only a record whose row was written but whose offset was not yet committed is read again after a kill,
        // and each partition has one record at a time in flight.
        assertThat(lines.size() - outcomes.size()).as("rows of records reported twice: in flight at a kill")
                .isLessThanOrEqualTo(KILL_WINDOWS.length * PARTITIONS);
    }

    @Test
    void noOffsetWasCommittedAheadOfItsRecordsOutcome() {
        assertThat(kills).hasSize(KILL_WINDOWS.length);
        for (KillSnapshot kill : kills) {
            // Killed at 20% or later, some offsets must have been committed, or this check would prove nothing.
            assertThat(kill.committed().values().stream().mapToLong(Long::longValue).sum())
                    .as("offsets committed before the %s", kill).isPositive();
            List<String> committedWithoutOutcome = new ArrayList<>();
            kill.committed().forEach((partition, offset) -> {
                for (long o = 0; o < offset; o++) {
                    String label = label(partition, o);
                    Row row = kill.outcomes().get(label);
                    if (row == null || !DELIVERED.contains(row.outcome())) {
                        committedWithoutOutcome.add(label + (row == null ? " (no row)" : " (" + row.outcome() + ")"));
                    }
                }
            });
            assertThat(committedWithoutOutcome).as("records below the committed offset without an outcome at the %s",
                    kill).isEmpty();
        }
    }

    @Test
    void everyOffsetIsCommittedInTheEnd() throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        published.keySet().forEach(label -> ends.merge(partitionOf(label), 1L, Long::sum));
        assertThat(committedOffsets()).isEqualTo(ends);
    }

    /**
     * Publishes the clients, keyed by external id as docs/kafka.md asks (the key chooses the partition), and remembers
     * where each landed.
     */
    private void publish() throws Exception {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
            for (int i = 1; i <= RECORDS; i++) {
                String id = "KC-" + i;
                sent.put(id, producer.send(new ProducerRecord<>(TOPIC, id,
                        "{\"id\":\"" + id + "\",\"name\":\"Client " + i + "\"}")));
            }
            producer.flush();
            for (Map.Entry<String, Future<RecordMetadata>> entry : sent.entrySet()) {
                RecordMetadata where = entry.getValue().get(30, TimeUnit.SECONDS);
                published.put(label(where.partition(), where.offset()), entry.getKey());
            }
        }
        // The key spreads the records over every partition, or the three consumers would not all be busy.
        assertThat(published.keySet().stream().map(KafkaCrashRecoveryIT::partitionOf).collect(Collectors.toSet()))
                .hasSize(PARTITIONS);
    }

    /** The group's committed offset of each partition of the topic: 0 where it has committed nothing yet. */
    private Map<Integer, Long> committedOffsets() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<Integer, Long> committed = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            OffsetAndMetadata offset = offsets.get(new TopicPartition(TOPIC, p));
            committed.put(p, offset == null ? 0L : offset.offset());
        }
        return committed;
    }

    /** The row label of a Kafka record whose value holds one record (docs/kafka.md, Reports). */
    private static String label(int partition, long offset) {
        return TOPIC + "/" + partition + "/" + offset + "#1";
    }

    private static int partitionOf(String label) {
        return Integer.parseInt(label.split("/")[1]);
    }

    /** The lines of every run's report of the topic (a run per Ferry start and day), oldest run first. */
    private List<Row> reportLines() throws IOException {
        return ReportFile.queueReportLines(ferry.reports(), TOPIC);
    }

    private boolean alive() {
        if (!ferry.isAlive()) {
            throw new IllegalStateException("Ferry died on its own; see " + ferry.logs());
        }
        return true;
    }
}
