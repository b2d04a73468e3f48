package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.sandbox.Vendor;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COR that misbehaves the whole time: 10% 503, 5% 429 with Retry-After, 2% connections reset without an answer and
 * 1% of requests stalled for 5 s, longer than Ferry's response timeout (1 s here). 1,000 clients arrive at once, by
 * file and by queue (eight consumers); every one is delivered exactly once, both runs finish, and no report row failed.
 */
class FaultToleranceTest {

    // Enough requests that every fault shows up (P(no stall in ~1,200 requests) < 1e-5); the queue gets most of
    // them because its eight consumers wait out stalls side by side. Every 429 stops all COR calls for its Retry-After
    // (1 s here): ~60 of them, spread at random, make the run last a minute or more.
    private static final int FILE_ROWS = 100;
    private static final int MESSAGES = 900;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyRecordIsDeliveredExactlyOnceThroughErrorsRateLimitsResetsAndStalls(@TempDir Path root) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withFaults(Vendor.COR,
                Faults.NONE.withRate503(0.10).withRate429(0.05, 1).withRateReset(0.02).withStall(0.01, 5_000)));
             FerryUnderTest ferry = new FerryUnderTest(root, sandbox, Map.of("ferry.http.response-timeout", "1s",
                     "ferry.queue.consumers", "8"))) {
            StringBuilder csv = new StringBuilder("id,name\n");
            IntStream.rangeClosed(1, FILE_ROWS).forEach(i -> csv.append("F-").append(i).append(",Client ").append(i)
                    .append('\n'));
            ferry.drop(Targets.COR_CLIENTS, "faulty.csv", csv.toString());
            ProducerTemplate producer = ferry.context().createProducerTemplate();
            for (int i = 1; i <= MESSAGES; i++) {
                producer.sendBody("jms:queue:sync.in.cor-clients",
                        "{\"id\":\"M-" + i + "\",\"name\":\"Client " + i + "\"}");
            }

            List<Row> fileRows = ferry.awaitReport(Targets.COR_CLIENTS, "faulty.csv", RUN_LIMIT);
            String queue = "sync.in.cor-clients";
            await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> ferry.dailyReport(queue).size() >= MESSAGES);

            JsonNode stats = sandbox.stats().at("/cor");
            System.out.println("FaultToleranceTest: COR " + stats.at("/operations"));
            for (String fault : List.of("injected_503", "injected_429", "injected_reset", "injected_stall")) {
                assertThat(rejections(stats, fault)).as("requests that met %s", fault).isPositive();
            }
            assertThat(stats.at("/duplicate_creates").asLong()).isZero();
            assertThat(sandbox.corClientCount()).isEqualTo(FILE_ROWS + MESSAGES);
            List<String> expected = new ArrayList<>();
            IntStream.rangeClosed(1, FILE_ROWS).forEach(i -> expected.add("F-" + i));
            IntStream.rangeClosed(1, MESSAGES).forEach(i -> expected.add("M-" + i));
            expected.forEach(id -> assertThat(sandbox.corClient(id)).as(id).isPresent());

            List<Row> queueRows = ferry.dailyReport(queue);
            assertThat(fileRows).hasSize(FILE_ROWS);
            assertThat(queueRows).hasSize(MESSAGES);
            List<Row> all = new ArrayList<>(fileRows);
            all.addAll(queueRows);
            assertThat(all).allSatisfy(row -> assertThat(row.outcome()).as("%s", row).isEqualTo("created"));
            assertThat(all).extracting(Row::externalId).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** How many requests of any COR operation met the injected fault. */
    private static long rejections(JsonNode cor, String code) {
        long total = 0;
        for (JsonNode operation : cor.at("/operations")) {
            total += operation.path("rejections").path(code).asLong();
        }
        return total;
    }
}
