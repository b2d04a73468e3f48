package io.ferry.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import io.ferry.testing.OperatorClient;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vendor that refuses Ferry's credentials pauses its intake instead of burning records through the dead letter. */
class VendorPauseTest {

    @TempDir
    Path dir;
    private Sandbox sandbox;
    private FerryUnderTest ferry;

    @AfterEach
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    @Test
    void refusedCredentialsPauseTheVendorParkRecordsAndAreReleasedOnceTheCredentialsWork() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        // A static token COR does not know: every call answers 401, and a static token cannot be renewed.
        ferry = new FerryUnderTest(dir, sandbox, Map.of("cor.access-token", "revoked-token", "cor.api-key", "",
                "cor.client-secret", "", "ferry.deadletter.recheck-interval", "1h"));
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 50; i++) {
            csv.append("AUTH-").append(i).append(",Client ").append(i).append('\n');
        }

        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "refused.csv", csv.toString());

        assertThat(rows).hasSize(50).extracting(Row::outcome).containsOnly("parked");
        assertThat(rows).allSatisfy(row -> assertThat(row.message()).startsWith("awaiting auth:cor"));
        // Not burned: only the first record reached COR (its request and the one retry after the 401).
        assertThat(FerryUnderTest.corCalls(sandbox)).hasSizeLessThanOrEqualTo(2);
        OperatorClient operator = new OperatorClient(ferry.operatorUrl(), null);
        assertThat(operator.get("/vendors").at("/paused/cor/reason").asText()).startsWith("UNAUTHORIZED");
        HealthCheck.Result health = HealthCheckHelper.invokeReadiness(ferry.context()).stream()
                .filter(result -> result.getCheck().getId().equals("vendors")).findFirst().orElseThrow();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getMessage()).contains("paused vendors: cor");

        // While paused, a new file waits in the inbox: the intake is suspended.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ferry.context().getRouteController().getRouteStatus("file-cor-clients").isSuspended());
        ferry.drop(Targets.COR_CLIENTS, "while-paused.csv", "id,name\nAUTH-51,Client 51\n");
        assertThat(Files.exists(ferry.inbox(Targets.COR_CLIENTS).resolve("while-paused.csv"))).isTrue();

        // The credentials are fixed (here: Ferry restarted with working ones); the periodic probe releases the rest.
        ferry.close();
        ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.deadletter.recheck-interval", "1s"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ferry.report("refused.csv"))
                .filteredOn(row -> row.outcome().equals("created")).hasSize(50));
        assertThat(sandbox.corClientCount()).isEqualTo(51);
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isZero();
    }

    @Test
    void aVendorWithoutCredentialsIsDisabledWhileTheOthersRun() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, null, Map.of("cor.access-token", ""));

        assertThat(ferry.context().getRouteController().getRouteStatus("cor-clients").isStopped()).isTrue();
        assertThat(ferry.context().getRouteController().getRouteStatus("file-cor-clients").isStopped()).isTrue();
        assertThat(ferry.context().getRouteController().getRouteStatus("queue-cor-contracts").isStopped()).isTrue();
        assertThat(ferry.context().getRouteController().getRouteStatus("file-complycube-clients").isStarted()).isTrue();
        HealthCheck.Result health = HealthCheckHelper.invokeReadiness(ferry.context()).stream()
                .filter(result -> result.getCheck().getId().equals("vendors")).findFirst().orElseThrow();
        assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health.getDetails().get("cor").toString()).contains("COR_API_KEY and COR_CLIENT_SECRET")
                .contains("COR_ACCESS_TOKEN");
    }
}
