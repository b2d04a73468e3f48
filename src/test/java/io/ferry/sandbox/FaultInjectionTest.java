package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertClemtaError;
import static io.ferry.sandbox.ErrorBodies.assertComplyCubeError;
import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String CLIENT = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C%d\",\"name\":\"Acme\"}";
    private static final String CONTACT =
            "{\"type\":\"customer\",\"full_name\":\"A\",\"email\":\"a@x.test\",\"company_id\":\"cmp-sandbox-1\"}";

    private Sandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().complycubeRatePerSecond(0).clemtaRatePerMinute(0).build());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void everyCallIs503AtFullProbabilityAndNothingIsStored() {
        String token = client.corToken();
        sandbox.setFaults("cor", Faults.NONE.withRate503(1.0));

        for (int i = 0; i < 20; i++) {
            assertCorError(client.cor("POST", "/clients", token, String.format(CLIENT, i)),
                    503, "ServiceUnavailable", "ServiceUnavailable", null);
        }

        assertThat(sandbox.corClientCount()).isZero();
        assertThat(sandbox.stats().at("/cor/operations/clients.create/rejections/injected_503").asLong()).isEqualTo(20);
        assertThat(sandbox.stats().at("/cor/operations/clients.create/successes").asLong()).isZero();
        sandbox.setFaults("cor", Faults.NONE);
        assertThat(client.cor("POST", "/clients", token, String.format(CLIENT, 1)).status()).isEqualTo(200);
    }

    @Test
    void injected429CarriesRetryAfter() {
        sandbox.setFaults("complycube", Faults.NONE.withRate429(1.0, 7));

        SandboxClient.Reply reply = client.complycube("GET", "/clients", null);

        assertComplyCubeError(reply, 429, "rate_limit_exceeded", null, null);
        assertThat(reply.header("Retry-After")).isEqualTo("7");
    }

    @Test
    void injected500UsesTheVendorEnvelope() {
        sandbox.setFaults("clemta", Faults.NONE.withRate500(1.0));

        assertClemtaError(client.clemta("POST", "/contacts", CONTACT), 500, "INTERNAL_ERROR", null);
        assertThat(sandbox.clemtaContactCount()).isZero();
    }

    @Test
    void resetClosesTheConnectionWithoutAnswer() {
        sandbox.setFaults("clemta", Faults.NONE.withRateReset(1.0));

        assertThatThrownBy(() -> client.clemta("POST", "/contacts", CONTACT))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(sandbox.clemtaContactCount()).isZero();
        assertThat(sandbox.stats().at("/clemta/operations/contacts.create/rejections/injected_reset").asLong()).isEqualTo(1);
    }

    @Test
    void latencyDelaysTheAnswerButStillDoesTheWork() {
        sandbox.setFaults("clemta", Faults.NONE.withLatency(300, 50));

        long started = System.nanoTime();
        SandboxClient.Reply reply = client.clemta("POST", "/contacts", CONTACT);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
        assertThat(sandbox.clemtaContactCount()).isEqualTo(1);
    }

    @Test
    void stalledRequestsDropAfterTheStallWithoutHoldingWorkers() throws Exception {
        try (Sandbox oneWorker = Sandbox.start(SandboxConfig.builder().threads(1).complycubeRatePerSecond(0).build())) {
            SandboxClient c = new SandboxClient(oneWorker);
            oneWorker.setFaults("clemta", Faults.NONE.withStall(1.0, 1500));
            long started = System.nanoTime();
            List<CompletableFuture<SandboxClient.Reply>> stalled = IntStream.range(0, 3)
                    .mapToObj(i -> c.sendAsync("POST", "/clemta/contacts", CONTACT, "X-API-KEY", "sandbox-clemta-key"))
                    .collect(Collectors.toList());

            assertThat(c.complycube("GET", "/clients", null).status()).isEqualTo(200);
            assertThat(stalled).noneMatch(CompletableFuture::isDone);

            for (CompletableFuture<SandboxClient.Reply> future : stalled) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(IOException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(oneWorker.clemtaContactCount()).isZero();
        }
    }

    @Test
    void probabilityIsHonouredRoughly() {
        sandbox.setFaults("complycube", Faults.NONE.withRate503(0.5));

        long failures = IntStream.range(0, 200)
                .filter(i -> client.complycube("GET", "/clients", null).status() == 503)
                .count();

        // Binomial(200, 0.5): 60..140 is more than five standard deviations either side.
        assertThat(failures).isBetween(60L, 140L);
    }

    @Test
    void faultsCanBeSetThroughTheAdminEndpoint() {
        SandboxClient.Reply set = client.send("POST", "/__sandbox/faults/clemta", "{\"rate503\":1,\"latency-ms\":5}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("rate-503").asDouble()).isEqualTo(1.0);
        assertThat(set.json().get("latency-ms").asLong()).isEqualTo(5);
        assertClemtaError(client.clemta("POST", "/contacts", CONTACT), 503, "SERVICE_UNAVAILABLE", null);
        assertThat(client.send("GET", "/__sandbox/faults", null).json().at("/clemta/rate-503").asDouble()).isEqualTo(1.0);

        client.send("POST", "/__sandbox/faults/clemta", "{}");
        assertThat(client.clemta("POST", "/contacts", CONTACT).status()).isEqualTo(201);
    }

    @Test
    void invalidFaultsAreRefusedByTheAdminEndpoint() {
        assertThat(client.send("POST", "/__sandbox/faults/cor", "{\"rate-500\":0.7,\"rate-503\":0.7}").status())
                .isEqualTo(400);
        assertThat(client.send("POST", "/__sandbox/faults/cor", "{\"rate-404\":1}").json().get("error").asText())
                .isEqualTo("unknown fault setting: rate-404");
        assertThat(client.send("POST", "/__sandbox/faults/salesforce", "{}").status()).isEqualTo(400);
        assertThat(sandbox.faults("cor")).isEqualTo(Faults.NONE);
    }

    @Test
    void configuredFaultsApplyFromStartAndComeBackAfterReset() {
        SandboxConfig config = SandboxConfig.fromMap(Map.of("sandbox.faults.complycube.rate-503", "1",
                "sandbox.complycube.rate-per-second", "0"));
        try (Sandbox faulty = Sandbox.start(config)) {
            SandboxClient c = new SandboxClient(faulty);
            assertThat(c.complycube("GET", "/clients", null).status()).isEqualTo(503);

            faulty.setFaults("complycube", Faults.NONE);
            assertThat(c.complycube("GET", "/clients", null).status()).isEqualTo(200);
            faulty.reset();
            assertThat(c.complycube("GET", "/clients", null).status()).isEqualTo(503);
        }
    }
}
