package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start: the vendors' documented update examples (examples/updates/) run as they are against the
 * sandbox in its default configuration, as {@code java -jar target/ferry.jar --sandbox} starts it. Each entity is
 * created, then updated by the documented request.
 */
class QuickStartExamplesTest {

    private static final List<String> TARGETS = List.of(Targets.COR_CLIENTS, Targets.COR_CONTRACTS,
            Targets.COMPLYCUBE_CLIENTS, Targets.CLEMTA_CONTACTS);

    @Test
    void theDocumentedUpdateExamplesEndUpdatedUnderTheSandbox(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            for (String target : TARGETS) {
                assertThat(deliver(ferry, target, target + ".csv")).extracting(Row::outcome).containsExactly("created");
            }
            for (String target : TARGETS) {
                assertThat(deliver(ferry, target, target + "-update.csv")).extracting(Row::outcome)
                        .as(target).containsExactly("updated");
            }
            assertThat(sandbox.corContract("SALESFORCE", "SF-CONTRACT-12345").orElseThrow().get("name").asText())
                    .as("a partial update keeps what it does not carry").isEqualTo("Annual Service Agreement");
        }
    }

    private static List<Row> deliver(FerryUnderTest ferry, String target, String file) throws Exception {
        return ferry.deliver(target, file, Files.readString(Path.of("examples/updates", file)));
    }
}
