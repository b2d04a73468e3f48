package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity model: requests are held in flight by the API's latency (long enough that the requests sent together
 * are all in flight when the next one arrives; the test waits for the in-flight count, never for time).
 */
class SandboxCapacityTest {

    private static final long HOLD_MS = 1500;

    private Sandbox sandbox;
    private SandboxClient client;

    private void start(SandboxConfig.Builder config) {
        sandbox = Sandbox.start(config.complycubeRatePerSecond(0).build());
        sandbox.setFaults("complycube", Faults.NONE.withLatency(HOLD_MS, 0));
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aRequestAboveCapacityGets429WithRetryAfter() {
        start(SandboxConfig.builder().capacity(Vendor.COMPLYCUBE, 2));
        List<CompletableFuture<SandboxClient.Reply>> held = sendHeld(2);

        SandboxClient.Reply over = client.complycube("GET", "/clients", null);

        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Retry-After")).isEqualTo("1");
        assertThat(held).allSatisfy(reply -> assertThat(reply.join().status()).isEqualTo(200));
        assertThat(stat("/complycube/capacity_429s")).isEqualTo(1);
        assertThat(stat("/complycube/in_flight_peak")).isEqualTo(2);
        assertThat(stat("/complycube/operations/clients.list/rejections/over_capacity")).isEqualTo(1);
        await().untilAsserted(() -> assertThat(stat("/complycube/in_flight")).isZero());
        assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(200);
    }

    @Test
    void unlimitedByDefault() {
        start(SandboxConfig.builder());
        assertThat(sandbox.config().capacity(Vendor.COMPLYCUBE)).isZero();
        List<CompletableFuture<SandboxClient.Reply>> held = sendHeld(6);

        assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(200);
        assertThat(held).allSatisfy(reply -> assertThat(reply.join().status()).isEqualTo(200));
        assertThat(stat("/complycube/capacity_429s")).isZero();
        assertThat(stat("/complycube/in_flight_peak")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void capacityChangedThroughTheAdminApiTakesEffect() {
        start(SandboxConfig.builder());
        SandboxClient.Reply set = client.send("POST", "/__sandbox/capacity", "{\"api\":\"complycube\",\"capacity\":1}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("complycube").asInt()).isEqualTo(1);
        assertThat(client.send("GET", "/__sandbox/capacity", null).json().get("complycube").asInt()).isEqualTo(1);
        List<CompletableFuture<SandboxClient.Reply>> held = sendHeld(1);

        assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(429);

        client.send("POST", "/__sandbox/capacity", "{\"api\":\"complycube\",\"capacity\":0}");
        assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(200);
        assertThat(held.get(0).join().status()).isEqualTo(200);
        assertThat(stat("/complycube/capacity")).isZero();
        assertThat(stat("/complycube/capacity_429s")).isEqualTo(1);
    }

    @Test
    void theAdminApiRefusesABadCapacity() {
        start(SandboxConfig.builder());
        assertThat(client.send("POST", "/__sandbox/capacity", "{\"api\":\"cor\",\"capacity\":-1}").status())
                .isEqualTo(400);
        assertThat(client.send("POST", "/__sandbox/capacity", "{\"api\":\"nope\",\"capacity\":1}").status())
                .isEqualTo(400);
        assertThat(client.send("POST", "/__sandbox/capacity", "{\"api\":\"cor\"}").status()).isEqualTo(400);
    }

    @Test
    void slowOverflowAnswersEveryRequest() {
        start(SandboxConfig.builder().capacity(Vendor.COMPLYCUBE, 1).capacityOverflow(SandboxConfig.Overflow.SLOW));
        List<CompletableFuture<SandboxClient.Reply>> held = sendHeld(1);

        assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(200);
        assertThat(held.get(0).join().status()).isEqualTo(200);
        assertThat(stat("/complycube/capacity_429s")).isZero();
        assertThat(stat("/complycube/in_flight_peak")).isEqualTo(2);
    }

    @Test
    void resetGoesBackToTheConfiguredCapacity() {
        start(SandboxConfig.builder().capacity(Vendor.CLEMTA, 3));
        sandbox.setCapacity("clemta", 7);
        sandbox.reset();
        assertThat(sandbox.capacity("clemta")).isEqualTo(3);
    }

    @Test
    void capacityKeysAreRead() {
        SandboxConfig config = SandboxConfig.fromMap(Map.of("sandbox.cor.capacity", "16",
                "sandbox.capacity-overflow", "slow"));
        assertThat(config.capacity(Vendor.COR)).isEqualTo(16);
        assertThat(config.capacity(Vendor.CLEMTA)).isZero();
        assertThat(config.capacityOverflow()).isEqualTo(SandboxConfig.Overflow.SLOW);
        assertThat(SandboxConfig.defaults().capacityOverflow()).isEqualTo(SandboxConfig.Overflow.REJECT);
    }

    /** Sends n requests the latency holds, and returns once all n are in flight. */
    private List<CompletableFuture<SandboxClient.Reply>> sendHeld(int n) {
        List<CompletableFuture<SandboxClient.Reply>> held = IntStream.range(0, n)
                .mapToObj(i -> client.sendAsync("GET", SandboxClient.COMPLYCUBE + "/clients", null,
                        "Authorization", sandbox.config().complycubeApiKey()))
                .collect(Collectors.toList());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stat("/complycube/in_flight"))
                .isEqualTo(n));
        return held;
    }

    private long stat(String pointer) {
        return sandbox.stats().at(pointer).asLong();
    }
}
