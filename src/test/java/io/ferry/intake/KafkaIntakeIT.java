package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.KafkaBroker;
import io.ferry.testing.SharedKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka intake against a real single-node Kafka over loopback: every record keyed by external id is created once and
 * reported, an offset moves only once its record has an outcome, and a bad record is reported without holding up its
 * partition, also across a restart in the middle of a stream. One Ferry reads a topic per target for all tests; each
 * test has its own external ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedKafka.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaIntakeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GROUP = "kafka-intake-test";
    private static final String CLIENTS = "kafka-cor-clients";
    private static final String CONTACTS = "kafka-clemta-contacts";
    private static final String KYC_CLIENTS = "kafka-complycube-clients";

    @TempDir
    static Path dir;
    private KafkaBroker kafka;
    private Sandbox sandbox;
    private KafkaProducer<String, String> producer;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(KafkaBroker broker) throws Exception {
        kafka = broker;
        kafka.createTopic(CLIENTS, 3);
        kafka.createTopic(CONTACTS, 1);
        kafka.createTopic(KYC_CLIENTS, 1);
        sandbox = Sandbox.start(SandboxConfig.defaults());
        producer = kafka.producer();
        ferry = startFerry();
    }

    private FerryUnderTest startFerry() throws Exception {
        return new FerryUnderTest(dir.resolve("ferry"), sandbox, Map.of(
                "ferry.kafka.brokers", kafka.bootstrap(),
                "ferry.kafka.group-id", GROUP,
                "ferry.kafka.topic.cor-clients", CLIENTS,
                "ferry.kafka.topic.clemta-contacts", CONTACTS,
                "ferry.kafka.topic.complycube-clients", KYC_CLIENTS,
                // Three consumer threads per topic: the three partitions of CLIENTS are processed in parallel.
                "ferry.kafka.consumers", "3",
                "ferry.kafka.max-poll-records", "50"));
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        producer.close();
        sandbox.close();
    }

    private RecordMetadata send(String topic, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    static String client(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}";
    }

    private long committed(RecordMetadata record) throws Exception {
        return kafka.committed(GROUP, new TopicPartition(record.topic(), record.partition()));
    }

    private long duplicateCreates() {
        return sandbox.stats().at("/cor/duplicate_creates").asLong();
    }

    @Test
    void recordsKeyedByExternalIdOnThreePartitionsAreCreatedOnceAndUpdatedInOrder() throws Exception {
        int before = sandbox.corClientCount();
        long duplicatesBefore = duplicateCreates();
        for (int i = 1; i <= 1000; i++) {
            producer.send(new ProducerRecord<>(CLIENTS, "K-" + i, client("K-" + i, "Client " + i)));
            // The first hundred change right after their creation: same key, same partition, so in this order.
            if (i <= 100) {
                producer.send(new ProducerRecord<>(CLIENTS, "K-" + i, client("K-" + i, "Renamed " + i)));
            }
        }
        producer.flush();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> thousandRows().size() >= 1100);
        List<Row> rows = thousandRows();
        Map<String, List<String>> outcomes = rows.stream().collect(Collectors.groupingBy(Row::externalId,
                Collectors.mapping(Row::outcome, Collectors.toList())));
        assertThat(rows).hasSize(1100);
        assertThat(outcomes).hasSize(1000);
        for (int i = 1; i <= 1000; i++) {
            assertThat(outcomes.get("K-" + i)).as("K-" + i)
                    .containsExactlyElementsOf(i <= 100 ? List.of("created", "updated") : List.of("created"));
        }
        assertThat(rows.get(0).get("row")).as("topic/partition/offset#index").matches(CLIENTS + "/[0-2]/\\d+#1");
        assertThat(rows).extracting(row -> row.get("row").split("/")[1]).as("partitions").contains("0", "1", "2");
        assertThat(sandbox.corClientCount() - before).isEqualTo(1000);
        assertThat(duplicateCreates()).isEqualTo(duplicatesBefore);
        assertThat(sandbox.corClient("K-7").orElseThrow().get("name").asText()).isEqualTo("Renamed 7");
        assertThat(sandbox.corClient("K-700").orElseThrow().get("name").asText()).isEqualTo("Client 700");
        await().atMost(WAIT).until(() -> kafka.committedOnTopic(GROUP, CLIENTS) == kafka.endOffsets(CLIENTS));
    }

    private List<Row> thousandRows() throws IOException {
        return ferry.dailyReport(CLIENTS).stream().filter(row -> row.externalId().startsWith("K-")).toList();
    }

    @Test
    void anOffsetIsCommittedOnlyOnceItsRecordHasItsOutcome() throws Exception {
        String contact = "{\"external_id\":\"%s\",\"type\":\"customer\",\"full_name\":\"%s\","
                + "\"email\":\"%s@example.com\",\"company_id\":\"cmp-sandbox-1\"}";
        RecordMetadata first = send(CONTACTS, "CT-1", contact.formatted("CT-1", "First", "ct1"));
        await().atMost(WAIT).until(() -> committed(first) == first.offset() + 1);
        assertThat(ferry.dailyReport(CONTACTS)).extracting(Row::externalId, Row::outcome)
                .containsExactly(tuple("CT-1", "created"));

        // Clemta answers only after 2 s from now on: the next contact is created but Ferry has no answer yet.
        int contacts = sandbox.clemtaContactCount();
        sandbox.setFaults("clemta", Faults.NONE.withLatency(2000, 0));
        RecordMetadata second;
        try {
            second = send(CONTACTS, "CT-2", contact.formatted("CT-2", "Second", "ct2"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> sandbox.clemtaContactCount() > contacts);
            assertThat(ferry.dailyReport(CONTACTS)).as("no outcome yet").hasSize(1);
            assertThat(committed(second)).as("committed offset while in flight").isEqualTo(first.offset() + 1);
        } finally {
            sandbox.setFaults("clemta", Faults.NONE);
        }

        await().atMost(WAIT).until(() -> ferry.dailyReport(CONTACTS).size() == 2);
        await().atMost(WAIT).until(() -> committed(second) == second.offset() + 1);
        assertThat(ferry.dailyReport(CONTACTS)).extracting(Row::externalId, Row::outcome)
                .containsExactly(tuple("CT-1", "created"), tuple("CT-2", "created"));
    }

    @Test
    void aBadRecordIsReportedAndTheRecordsBehindItOnItsPartitionAreDelivered() throws Exception {
        send(KYC_CLIENTS, "B-1", "{\"externalId\":\"B-1\",");
        send(KYC_CLIENTS, "B-2", "");
        send(KYC_CLIENTS, "B-3", "{\"externalId\":\"B-3\",\"type\":\"person\"}");
        RecordMetadata last = send(KYC_CLIENTS, "B-4", "{\"externalId\":\"B-4\",\"type\":\"person\","
                + "\"email\":\"b4@example.com\",\"personDetails\":{\"firstName\":\"Bea\",\"lastName\":\"Four\"}}");

        await().atMost(WAIT).until(() -> ferry.dailyReport(KYC_CLIENTS).size() == 4);
        List<Row> rows = ferry.dailyReport(KYC_CLIENTS);
        assertThat(rows).extracting(Row::externalId, Row::outcome).containsExactly(tuple("", "rejected"),
                tuple("", "rejected"), tuple("B-3", "rejected"), tuple("B-4", "created"));
        assertThat(rows.get(0).message()).startsWith("invalid JSON");
        assertThat(rows.get(1).message()).isEqualTo("the message body is empty");
        assertThat(rows.get(2).message()).contains("email");
        await().atMost(WAIT).until(() -> committed(last) == last.offset() + 1);
    }

    @Test
    void stoppedInTheMiddleAndReadAgainFromTheStartNoRecordIsLostOrSentTwice() throws Exception {
        int before = sandbox.corClientCount();
        long duplicatesBefore = duplicateCreates();
        for (int i = 1; i <= 400; i++) {
            producer.send(new ProducerRecord<>(CLIENTS, "R-" + i, client("R-" + i, "Client " + i)));
        }
        producer.flush();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> restartRows().size() >= 50);

        // Stopped with records polled but not processed; meanwhile an operator moves the group back to offset 0, so
        // every record of the topic is read again, those processed before the stop included.
        ferry.close();
        kafka.resetOffsets(GROUP, CLIENTS);
        ferry = startFerry();

        await().atMost(WAIT).until(() -> kafka.committedOnTopic(GROUP, CLIENTS) == kafka.endOffsets(CLIENTS));
        assertThat(sandbox.corClientCount() - before).isEqualTo(400);
        assertThat(duplicateCreates()).isEqualTo(duplicatesBefore);
        // The records processed before the stop were recognised (topic/partition/offset in the store): no second row.
        Map<String, List<String>> outcomes = restartRows().stream().collect(Collectors.groupingBy(Row::externalId,
                Collectors.mapping(Row::outcome, Collectors.toList())));
        assertThat(outcomes).hasSize(400).allSatisfy((id, rows) -> assertThat(rows).as(id).containsExactly("created"));
    }

    private List<Row> restartRows() throws IOException {
        return ferry.dailyReport(CLIENTS).stream().filter(row -> row.externalId().startsWith("R-")).toList();
    }
}
