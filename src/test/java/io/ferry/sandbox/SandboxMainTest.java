package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMainTest {

    @Test
    void launchPrintsTheListeningLineAndServes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.properties");
        Files.writeString(file, "sandbox.clemta.company-ids=cmp-from-file\nsandbox.complycube.rate-per-second=3\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (Sandbox sandbox = SandboxMain.launch(new String[] {"--port", "0", "--config", file.toString(),
            "--set", "complycube.rate-per-second=0"}, new PrintStream(out, true, StandardCharsets.UTF_8))) {

            assertThat(out.toString(StandardCharsets.UTF_8).trim())
                    .isEqualTo("Sandbox listening on http://127.0.0.1:" + sandbox.port());
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.corBaseUrl()).isEqualTo(sandbox.baseUrl() + "/cor/v2/integrations");
            assertThat(sandbox.corTokenUrl()).isEqualTo(sandbox.baseUrl() + "/cor/v1/oauth/token");
            assertThat(sandbox.complyCubeBaseUrl()).isEqualTo(sandbox.baseUrl() + "/complycube/v1");
            assertThat(sandbox.clemtaBaseUrl()).isEqualTo(sandbox.baseUrl() + "/clemta");
            assertThat(sandbox.config().clemtaCompanyIds()).containsExactly("cmp-from-file");
            assertThat(sandbox.config().complycubeRatePerSecond()).isZero();
            assertThat(new SandboxClient(sandbox).send("GET", "/__sandbox/stats", null).status()).isEqualTo(200);
        }
    }

    @Test
    void defaultPortIs8099AndBadArgumentsAreRefused() {
        assertThat(SandboxMain.settings(new String[0])).containsEntry("sandbox.port", "8099");
        assertThatThrownBy(() -> SandboxMain.settings(new String[] {"--verbose"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> SandboxMain.settings(new String[] {"--set", "novalue"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxMain.settings(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
