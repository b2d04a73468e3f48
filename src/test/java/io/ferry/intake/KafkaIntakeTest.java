package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * Kafka intake against a real single-node Kafka over loopback: every record keyed by external id is created once and
 * reported, the offset follows the outcome, and a bad record is reported without holding up its partition. Each test
 * has its own topic for cor-clients and its own consumer group.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private KafkaBroker kafka;
    private Sandbox sandbox;
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        sandbox = Sandbox.start(SandboxConfig.defaults());
        producer = kafka.producer();
    }

    @AfterAll
    void stop() throws Exception {
        producer.close();
        sandbox.close();
        kafka.close();
    }

    /** A Ferry reading cor-clients from {@code topic} in consumer group {@code topic}, with three consumer threads. */
    private FerryUnderTest ferryReading(String topic) throws Exception {
        return new FerryUnderTest(dir.resolve(topic), sandbox, Map.of(
                "ferry.kafka.brokers", kafka.bootstrap(),
                "ferry.kafka.group-id", topic,
                "ferry.kafka.topic.cor-clients", topic,
                "ferry.kafka.consumers", "3",
                "ferry.kafka.max-poll-records", "50"));
    }

    private RecordMetadata send(String topic, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static String client(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}";
    }

    private static String report(String topic) {
        return topic + "-" + LocalDate.now();
    }

    /** The offset the topic's consumer group committed on {@code partition}, or -1 before its first commit. */
    private long committed(String topic, int partition) throws Exception {
        OffsetAndMetadata offset = kafka.committed(topic).get(new TopicPartition(topic, partition));
        return offset == null ? -1 : offset.offset();
    }

    /** The sum of the offsets the topic's consumer group committed: the number of records it is done with. */
    private long committedSum(String topic) throws Exception {
        return kafka.committed(topic).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private long duplicateCreates() {
        return sandbox.stats().at("/cor/duplicate_creates").asLong();
    }

    @Test
    void recordsKeyedByExternalIdOnThreePartitionsAreCreatedOnceAndUpdatedInOrder() throws Exception {
        String topic = "kafka-thousand";
        kafka.createTopic(topic, 3);
        int before = sandbox.corClientCount();
        long duplicatesBefore = duplicateCreates();
        try (FerryUnderTest ferry = ferryReading(topic)) {
            for (int i = 1; i <= 1000; i++) {
                producer.send(new ProducerRecord<>(topic, "K-" + i, client("K-" + i, "Client " + i)));
                // The first hundred change right after their creation: same key, same partition, so in this order.
                if (i <= 100) {
                    producer.send(new ProducerRecord<>(topic, "K-" + i, client("K-" + i, "Renamed " + i)));
                }
            }
            producer.flush();

            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> ferry.report(report(topic)).size() >= 1100);
            List<Row> rows = ferry.report(report(topic));
            Map<String, List<String>> outcomes = rows.stream().collect(Collectors.groupingBy(Row::externalId,
                    Collectors.mapping(Row::outcome, Collectors.toList())));
            assertThat(rows).hasSize(1100);
            assertThat(outcomes).hasSize(1000);
            for (int i = 1; i <= 1000; i++) {
                assertThat(outcomes.get("K-" + i)).as("K-" + i)
                        .containsExactlyElementsOf(i <= 100 ? List.of("created", "updated") : List.of("created"));
            }
            assertThat(rows.get(0).get("row")).as("topic/partition/offset#index").matches(topic + "/[0-2]/\\d+#1");
            assertThat(sandbox.corClientCount() - before).isEqualTo(1000);
            assertThat(duplicateCreates()).isEqualTo(duplicatesBefore);
            assertThat(sandbox.corClient("K-7").orElseThrow().get("name").asText()).isEqualTo("Renamed 7");
            assertThat(sandbox.corClient("K-700").orElseThrow().get("name").asText()).isEqualTo("Client 700");
            await().atMost(WAIT).until(() -> committedSum(topic) == 1100);
        }
    }

    @Test
    void stoppingFerryInTheMiddleLosesNoRecordAndCreatesNoneTwice() throws Exception {
        String topic = "kafka-restart";
        kafka.createTopic(topic, 3);
        int before = sandbox.corClientCount();
        long duplicatesBefore = duplicateCreates();
        try (FerryUnderTest ferry = ferryReading(topic)) {
            for (int i = 1; i <= 600; i++) {
                producer.send(new ProducerRecord<>(topic, "R-" + i, client("R-" + i, "Client " + i)));
            }
            producer.flush();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                    .until(() -> ferry.report(report(topic)).size() >= 100);

            // Stopped with records polled but not processed, and started again on the same store and reports.
            ferry.restart();

            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> ferry.report(report(topic)).stream()
                    .map(Row::externalId).distinct().count() == 600);
            assertThat(sandbox.corClientCount() - before).isEqualTo(600);
            assertThat(duplicateCreates()).isEqualTo(duplicatesBefore);
            // A record consumed again after the restart was either recognised (no row) or found unchanged.
            assertThat(ferry.report(report(topic))).extracting(Row::outcome).isSubsetOf("created", "unchanged");
            await().atMost(WAIT).until(() -> committedSum(topic) == 600);
        }
    }

    @Test
    void anOffsetIsCommittedOnlyOnceItsRecordHasItsOutcome() throws Exception {
        String topic = "kafka-commit";
        kafka.createTopic(topic, 1);
        try (FerryUnderTest ferry = ferryReading(topic)) {
            send(topic, "C-1", client("C-1", "First"));
            await().atMost(WAIT).until(() -> ferry.report(report(topic)).size() == 1);
            await().atMost(WAIT).until(() -> committed(topic, 0) == 1);

            // COR answers the next create only after 2 s: the record is in flight, its offset must not move yet.
            sandbox.setFaults("cor", Faults.NONE.withLatency(2000, 0));
            try {
                send(topic, "C-2", client("C-2", "Second"));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> sandbox.corClient("C-2").isPresent());
                assertThat(ferry.report(report(topic))).hasSize(1);
                assertThat(committed(topic, 0)).isEqualTo(1);
            } finally {
                sandbox.setFaults("cor", Faults.NONE);
            }

            await().atMost(WAIT).until(() -> ferry.report(report(topic)).size() == 2);
            await().atMost(WAIT).until(() -> committed(topic, 0) == 2);
            assertThat(ferry.report(report(topic))).extracting(Row::externalId, Row::outcome)
                    .containsExactly(tuple("C-1", "created"), tuple("C-2", "created"));
        }
    }

    @Test
    void aBadRecordIsReportedAndTheRecordsBehindItOnItsPartitionAreDelivered() throws Exception {
        String topic = "kafka-bad";
        kafka.createTopic(topic, 1);
        try (FerryUnderTest ferry = ferryReading(topic)) {
            send(topic, "B-1", "{\"id\":\"B-1\",");
            send(topic, "B-2", "");
            send(topic, "B-3", client("B-3", ""));
            send(topic, "B-4", client("B-4", "Fine"));

            await().atMost(WAIT).until(() -> ferry.report(report(topic)).size() == 4);
            List<Row> rows = ferry.report(report(topic));
            assertThat(rows).extracting(Row::outcome).containsExactly("rejected", "rejected", "rejected", "created");
            assertThat(rows.get(0).message()).startsWith("invalid JSON");
            assertThat(rows.get(1).message()).isEqualTo("the message body is empty");
            assertThat(rows.get(3).externalId()).isEqualTo("B-4");
            assertThat(sandbox.corClient("B-4")).isPresent();
            await().atMost(WAIT).until(() -> committed(topic, 0) == 4);
        }
    }
}
