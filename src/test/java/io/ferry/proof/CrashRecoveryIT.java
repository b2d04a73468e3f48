package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry in its own JVM delivers a cor-clients file and as many queue messages (one client each, four consumers) at
 * the same time, and is killed with SIGKILL three times during delivery, each time at a random point of a different
 * part of the run, then started again on the same data directory. Afterwards every external id exists exactly once
 * in the sandbox, no create was ever sent for an id that already existed (the sandbox's duplicate_creates), and every
 * record has exactly one final outcome in its report.
 *
 * <p>Kill points: for each kill, a point is drawn for the file and one for the queue inside that kill's window (5-30%,
 * 35-60%, 65-90% of their records); Ferry dies when either reaches its point, so both are in flight at every kill.
 *
 * <p>"Final outcome": a file's report keeps the rows written before a crash and the run after the crash skips the
 * rows that have one, so a file's report has exactly one line per row. A queue message is acknowledged only after all
 * its records have an outcome, so a message in flight during a kill is delivered again: its record may have a line
 * from before the kill and one from after. The last line per row label (message id #index) is the final outcome, and
 * at most the messages in flight (one per consumer and kill) have two lines.
 *
 * <p>Size: 20,000 file rows and 20,000 messages, about 2.5 minutes on a 2-core machine (both intakes share the three
 * restarts). {@code -Dferry.proof.crash-rows=N} changes the size and {@code -Dferry.proof.seed} repeats a run's kill
 * points; both are printed to the test output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

    private static final int ROWS = Integer.getInteger("ferry.proof.crash-rows", 20_000);
    private static final int CONSUMERS = 4;
    private static final String TARGET = "cor-clients";
    private static final double[][] KILL_WINDOWS = {{0.05, 0.30}, {0.35, 0.60}, {0.65, 0.90}};
    private static final Duration RUN_LIMIT = Duration.ofMinutes(8);
    private static final Set<String> DELIVERED = Set.of("created", "updated", "unchanged");

    private final long seed = Long.getLong("ferry.proof.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private Sandbox sandbox;
    private FerryProcess ferry;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void deliverWhileBeingKilledThreeTimes(@TempDir Path root) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryProcess(root, Map.of("cor.base-url", sandbox.corBaseUrl(),
                "cor.token-url", sandbox.corTokenUrl(), "ferry.queue.consumers", Integer.toString(CONSUMERS)),
                Map.of("COR_API_KEY", sandbox.config().corApiKey(),
                        "COR_CLIENT_SECRET", sandbox.config().corClientSecret()));
        ferry.start();
        long started = System.nanoTime();
        queue().publishClients("sync.in." + TARGET, "Q-", ROWS);
        StringBuilder csv = new StringBuilder("id,name,email_contact\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("C-").append(i).append(",Client ").append(i).append(",c").append(i).append("@example.com\n");
        }
        Path part = ferry.inbox(TARGET).resolve("clients.csv.part");
        Files.writeString(part, csv);
        Files.move(part, ferry.inbox(TARGET).resolve("clients.csv"), StandardCopyOption.ATOMIC_MOVE);

        List<String> kills = new ArrayList<>();
        for (double[] window : KILL_WINDOWS) {
            int filePoint = point(window);
            int queuePoint = point(window);
            await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(5)).until(() -> alive()
                    && (progress("C-") >= filePoint || progress("Q-") >= queuePoint));
            ferry.kill();
            kills.add(String.format("file %d/queue %d (drawn %d/%d)", progress("C-"), progress("Q-"), filePoint,
                    queuePoint));
            ferry.start();
        }
        Set<String> expected = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "Q-" + i).collect(Collectors.toSet());
        Path done = ferry.inbox(TARGET).resolve(".done");
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> alive()
                && !FerryUnderTest.keptCopies(done, "clients.csv").isEmpty()
                && ReportFile.finalExternalIds(queueReportLines(), DELIVERED).containsAll(expected));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("CrashRecoveryIT: seed %d, %d file rows + %d queue messages in %.1f s (%.0f records/s,"
                        + " 3 kills and restarts included), killed at %s; COR %s%n", seed, ROWS, ROWS, seconds,
                2 * ROWS / seconds, kills, sandbox.stats().at("/cor/operations/clients.create"));
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyClientExistsOnceAndNoCreateWasSentForAnExistingId() {
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).as("creates sent for existing ids").isZero();
        assertThat(sandbox.corClientCount()).isEqualTo(2 * ROWS);
        for (int i = 1; i <= ROWS; i++) {
            assertThat(sandbox.corClient("C-" + i)).as("client C-%d", i).isPresent();
            assertThat(sandbox.corClient("Q-" + i)).as("client Q-%d", i).isPresent();
        }
    }

    @Test
    void everyFileRowHasExactlyOneOutcomeAcrossThreeCrashes() throws IOException {
        // One run across the kills: each restart continued it.
        assertThat(ReportFile.reportsOf(ferry.reports(), "clients.csv")).hasSize(1);
        List<Row> lines = ReportFile.rows(ReportFile.latest(ferry.reports(), "clients.csv"));
        assertThat(lines).as("report lines").hasSize(ROWS);
        Map<String, Row> outcomes = ReportFile.finalRows(lines);
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, ROWS).mapToObj(Integer::toString).toList());
        outcomes.forEach((row, line) -> {
            assertThat(line.externalId()).as("row %s", row).isEqualTo("C-" + row);
            assertThat(line.outcome()).as("row %s: %s", row, line).isIn(DELIVERED);
        });
    }

    @Test
    void everyQueueMessageHasOneFinalOutcomeAndNoneIsLeftOnTheQueue() throws Exception {
        List<Row> lines = queueReportLines();
        Map<String, Row> outcomes = ReportFile.finalRows(lines);
        assertThat(outcomes).as("one row label (message id #1) per message").hasSize(ROWS);
        assertThat(outcomes.values()).allSatisfy(line -> assertThat(line.outcome()).as("%s", line).isIn(DELIVERED));
        assertThat(outcomes.values()).extracting(Row::externalId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, ROWS).mapToObj(i -> "Q-" + i).toList());
        assertThat(lines.size() - outcomes.size()).as("lines for a label reported twice: messages in flight at a kill")
                .isLessThanOrEqualTo(KILL_WINDOWS.length * CONSUMERS);
        // The last message may still be committing when its report line appears.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queue().depth("sync.in." + TARGET))
                .as("messages left on sync.in.cor-clients").isZero());
    }

    private int point(double[] window) {
        return (int) (ROWS * (window[0] + random.nextDouble() * (window[1] - window[0])));
    }

    /** About how many clients with this prefix exist: they are created roughly in order, so a binary search. */
    private int progress(String prefix) {
        int low = 0;
        int high = ROWS;
        while (low < high) {
            int middle = (low + high + 1) / 2;
            if (sandbox.corClient(prefix + middle).isPresent()) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    private boolean alive() {
        if (!ferry.isAlive()) {
            throw new IllegalStateException("Ferry died on its own; see " + ferry.logs());
        }
        return true;
    }

    private QueueClient queue() {
        return new QueueClient(ferry.brokerUrl(), null, null);
    }

    private List<Row> queueReportLines() throws IOException {
        return ReportFile.queueReportLines(ferry.reports(), "sync.in." + TARGET);
    }
}
