package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.OperatorClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COR in adaptive mode against the sandbox's capacity model: the limit grows while COR keeps up, falls once COR
 * answers 429 for capacity, and every record is still delivered.
 */
class AdaptiveConcurrencyTest {

    private static final String TOKEN = "adaptive-test-token";
    private static final int INITIAL = 4;
    private static final int MIN = 2;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLimitRisesWithSpareCapacityAndFallsWhenTheVendorIsFull(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.operator.token", TOKEN,
                     "cor.concurrency.mode", "adaptive", "cor.concurrency.min", Integer.toString(MIN),
                     "cor.concurrency.initial", Integer.toString(INITIAL), "cor.concurrency.max", "32"))) {
            OperatorClient operator = new OperatorClient(ferry.operatorUrl(), TOKEN);
            // Latency keeps calls in flight, so that the capacity below is reached.
            sandbox.setFaults("cor", Faults.NONE.withLatency(20, 0));
            assertThat(corConcurrency(operator).get("mode").asText()).isEqualTo("adaptive");
            assertThat(corConcurrency(operator).get("limit").asInt()).isEqualTo(INITIAL);

            ferry.drop(Targets.COR_CLIENTS, "spare.csv", clients("SPARE", 400));
            await().atMost(Duration.ofSeconds(60)).until(() -> corConcurrency(operator).get("limit").asInt() > INITIAL);
            List<Row> spare = ferry.awaitReport(Targets.COR_CLIENTS, "spare.csv", Duration.ofSeconds(120));
            assertThat(spare).hasSize(400).extracting(Row::outcome).containsOnly("created");
            int grown = corConcurrency(operator).get("limit").asInt();
            assertThat(grown).isGreaterThan(INITIAL);
            assertThat(limitMetric(ferry)).isEqualTo(grown);
            assertThat(sandbox.stats().at("/cor/capacity_429s").asLong()).isZero();

            HttpResponse<String> lowered = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                    + "/__sandbox/capacity")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"api\":\"cor\",\"capacity\":2}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(lowered.statusCode()).as(lowered.body()).isEqualTo(200);

            ferry.drop(Targets.COR_CLIENTS, "full.csv", clients("FULL", 120));
            await().atMost(Duration.ofSeconds(60)).until(() -> corConcurrency(operator).get("limit").asInt() < grown);
            List<Row> full = ferry.awaitReport(Targets.COR_CLIENTS, "full.csv", Duration.ofSeconds(180));
            assertThat(full).hasSize(120).extracting(Row::outcome).containsOnly("created");
            assertThat(sandbox.stats().at("/cor/capacity_429s").asLong()).isPositive();
            assertThat(corConcurrency(operator).get("limit").asInt()).isBetween(MIN, grown - 1);
            assertThat(sandbox.corClientCount()).isEqualTo(520);
            assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isZero();
        }
    }

    @Test
    void fixedModeShowsTheLanesAndNeedsNoLimiter(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.operator.token", TOKEN,
                     "ferry.delivery.concurrency", "3"))) {
            OperatorClient operator = new OperatorClient(ferry.operatorUrl(), TOKEN);
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "fixed.csv", clients("FIX", 5))).extracting(Row::outcome)
                    .containsOnly("created");
            JsonNode cor = corConcurrency(operator);
            assertThat(cor.get("mode").asText()).isEqualTo("fixed");
            assertThat(cor.get("limit").asInt()).isEqualTo(3);
            assertThat(cor.get("inFlight").asInt()).isZero();
        }
    }

    private static String clients(String prefix, int n) {
        return "id,name\n" + IntStream.rangeClosed(1, n).mapToObj(i -> prefix + "-" + i + ",Client " + i + "\n")
                .collect(Collectors.joining());
    }

    private static JsonNode corConcurrency(OperatorClient operator) throws Exception {
        return operator.get("/vendors").at("/vendors/cor/concurrency");
    }

    private int limitMetric(FerryUnderTest ferry) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(ferry.operatorUrl() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("ferry_vendor_concurrency_limit\\{vendor=\"cor\"} ([0-9.]+)").matcher(metrics);
        assertThat(m.find()).as(metrics).isTrue();
        return (int) Double.parseDouble(m.group(1));
    }
}
