package io.ferry.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** /observe/health and /observe/metrics as a monitoring system reads them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Sandbox sandbox;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.metrics.parked-refresh", "200ms"));
        ferry.deliver(Targets.COR_CLIENTS, "clients.csv", "id,name\nOBS-1,Client\nOBS-2,\n");
        ferry.deliver(Targets.COR_CONTRACTS, "contracts.csv", "id,name,client_id,value,currency\nOBS-K1,Deal,OBS-1,5,EUR\n");
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ferry.operatorUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessReportsBrokerStoreAndVendors() throws Exception {
        // Checks start DOWN until their first run (Camel's default); a monitor polls readiness until it is UP.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> response = get("/observe/health/ready");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        });
        HttpResponse<String> ready = get("/observe/health/ready");
        JsonNode checks = new ObjectMapper().readTree(ready.body()).get("checks");
        assertThat(checks.findValuesAsText("name")).contains("broker", "store", "vendors");
        checks.forEach(check -> assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("UP"));
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountOutcomesTimeVendorCallsAndGaugeParkedRecords() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = get("/observe/metrics").body();
            assertThat(metrics)
                    .contains("ferry_records_total{outcome=\"created\",target=\"cor-clients\"} 1.0")
                    .contains("ferry_records_total{outcome=\"rejected\",target=\"cor-clients\"} 1.0")
                    .contains("ferry_records_total{outcome=\"parked\",target=\"cor-contracts\"} 1.0")
                    .contains("ferry_parked{awaiting=\"fx:EUR\"} 1.0")
                    .containsPattern("ferry_vendor_calls_seconds_count\\{status=\"200\",vendor=\"cor\"} [1-9]")
                    .containsPattern("ferry_vendor_calls_seconds_bucket\\{status=\"400\",vendor=\"cor\",le=");
        });
    }

    @Test
    void eachVendorsConcurrencyLimitIsAGaugeFromTheStart(@TempDir Path dir) throws Exception {
        // No record and the parked gauge's default refresh (30 s): only the start registers the gauges. COR's is its
        // adaptive limit's initial value, Clemta's its fixed lanes.
        try (FerryUnderTest idle = new FerryUnderTest(dir, sandbox, Map.of("cor.concurrency.mode", "adaptive",
                "ferry.delivery.concurrency", "3"))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String metrics = http.send(HttpRequest.newBuilder(URI.create(idle.operatorUrl() + "/observe/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics)
                        .contains("ferry_vendor_concurrency_limit{vendor=\"cor\"} 8.0")
                        .contains("ferry_vendor_concurrency_limit{vendor=\"clemta\"} 3.0");
            });
        }
    }
}
