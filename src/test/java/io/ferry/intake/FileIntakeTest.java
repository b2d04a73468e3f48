package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.store.IdempotencyStore;
import io.ferry.report.Reports;
import io.ferry.store.RunStore;
import io.ferry.store.Store;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CLIENTS = "cor-clients";

    @TempDir
    Path root;
    private FerryUnderTest ferry;

    @BeforeEach
    void startFerry() throws Exception {
        // Read locks as in production (a file must stop changing), so that a slow copy is waited for.
        ferry = FerryUnderTest.withStubTargets(root, Map.of("ferry.inbox.read-lock-min-age", "300",
                "ferry.inbox.read-lock-check-interval", "300"));
    }

    @AfterEach
    void stopFerry() throws Exception {
        ferry.close();
    }

    @Test
    void everyRowOfADroppedCsvGetsAReportRowAndTheFileMovesToDone() throws Exception {
        String csv = "\uFEFFid,name,description\r\n"
                + "SF-1,\"Acme, Inc\",\"two\nlines\"\r\n"
                + "SF-2,\"Broken,\"quote\r\n"
                + "SF-3,,no name\r\n"
                + "SF-4,\"=HYPERLINK(\"\"x\"\")\",formula\r\n";

        ferry.drop(CLIENTS, "accounts.csv", csv);

        List<Row> rows = ferry.awaitReport(CLIENTS, "accounts.csv");
        assertThat(rows).extracting(r -> r.get("row") + " " + r.get("external_id") + " " + r.get("outcome") + " "
                + r.get("code")).containsExactlyInAnyOrder(
                "1 SF-1 created ", "2  rejected MALFORMED_ROW", "3 SF-3 rejected MISSING_FIELD", "4 SF-4 created ");
        assertThat(rows.get(1).get("message")).isEqualTo("line 4: malformed CSV: Invalid character between"
                + " encapsulated token and delimiter at character 15");
        assertThat(Files.readString(ferry.latestReport("accounts.csv"))).doesNotContain(",=HYPERLINK");
    }

    @Test
    void aFileDroppedTwiceIsProcessedOnceAlsoAfterARestart() throws Exception {
        String csv = "id,name\nSF-1,Acme\nSF-2,Beta\n";

        dropAndAwaitHandled("twice.csv", csv);
        assertThat(delivered().getReceivedCounter()).isEqualTo(2);
        dropAndAwaitHandled("twice.csv", csv);
        assertThat(delivered().getReceivedCounter()).as("records sent after the second drop").isEqualTo(2);

        ferry.restart();
        dropAndAwaitHandled("twice.csv", csv);

        assertThat(delivered().getReceivedCounter()).as("records sent after the restart").isZero();
        // Each drop is a run of its own and keeps its copy; the two that sent nothing are skipped and have no report.
        List<Path> kept = FerryUnderTest.keptCopies(ferry.inbox(CLIENTS).resolve(".done"), "twice.csv");
        assertThat(kept).hasSize(3);
        RunStore runs = ferry.bean("reports", Reports.class).runs().store();
        assertThat(kept.stream().map(copy -> runs.get(Long.parseLong(copy.getFileName().toString()
                .substring("twice.csv.".length()))).orElseThrow().state())).containsExactly(RunStore.State.DONE,
                RunStore.State.SKIPPED, RunStore.State.SKIPPED);
        assertThat(ferry.reportsOf("twice.csv")).hasSize(1);
        assertThat(ferry.report("twice.csv")).hasSize(2);
    }

    @Test
    void theSameNameWithChangedContentIsProcessedAgain() throws Exception {
        dropAndAwaitHandled("changing.csv", "id,name\nSF-1,Acme\n");
        dropAndAwaitHandled("changing.csv", "id,name\nSF-1,Acme Corp\nSF-2,Beta\n");

        assertThat(delivered().getReceivedCounter()).isEqualTo(3);
        assertThat(ferry.report("changing.csv")).extracting(r -> r.get("external_id"))
                .containsExactlyInAnyOrder("SF-1", "SF-2");
    }

    @Test
    void aFileCopiedInSlowlyIsReadOnlyOnceComplete() throws Exception {
        Path file = ferry.inbox(CLIENTS).resolve("slow.csv");
        Files.writeString(file, "id,name\n");
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            // A slow copy: a chunk of 50 rows every 150 ms for about 3 seconds.
            ScheduledFuture<?> chunks = writer.scheduleAtFixedRate(() -> appendChunk(file, written), 150, 150,
                    TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> written.get() >= 1000);
            chunks.cancel(false);
        } finally {
            writer.shutdown();
        }

        ferry.awaitDone(CLIENTS, "slow.csv", WAIT);
        assertThat(delivered().getReceivedCounter()).isEqualTo(1000);
        assertThat(ferry.report("slow.csv")).hasSize(1000)
                .allSatisfy(row -> assertThat(row.get("outcome")).isEqualTo("created"));
    }

    @Test
    void aFileWhoseRunWasInterruptedContinuesWithTheRowsThatHaveNoOutcomeYet() throws Exception {
        String csv = "id,name\nSF-1,Acme\nSF-2,Beta\nSF-3,Gamma\nSF-4,Delta\n";
        // What a Ferry killed during this file leaves: its run, the file marked as started, rows 1 and 2 reported,
        // and the line of row 3 cut off in the middle of its write.
        String hash = sha256(csv);
        RunStore.Run run = interruptedRun("resumed.csv", hash, "row,target,external_id,outcome,http_status,code,"
                + "message\n1,cor-clients,SF-1,created,200,,\n2,cor-clients,SF-2,created,200,,\n3,cor-cli");

        dropAndAwaitHandled("resumed.csv", csv);

        assertThat(delivered().getReceivedCounter()).as("records sent").isEqualTo(2);
        assertThat(ferry.report("resumed.csv", run.id())).extracting(r -> r.get("row") + " " + r.get("external_id")
                + " " + r.get("outcome")).containsExactly("1 SF-1 created", "2 SF-2 created", "3 SF-3 created",
                "4 SF-4 created");
        RunStore.Run continued = ferry.bean("reports", Reports.class).runs().store().get(run.id()).orElseThrow();
        assertThat(continued.state()).isEqualTo(RunStore.State.DONE);
        assertThat(continued.count(io.ferry.record.Outcome.Status.CREATED)).isEqualTo(4);
    }

    @Test
    void theSameNameWithNewContentAfterAnInterruptedRunStartsAFreshReport() throws Exception {
        RunStore.Run old = interruptedRun("replaced.csv", "0000",
                "row,target,external_id,outcome,http_status,code,message\n1,cor-clients,OLD-1,created,200,,\n");

        dropAndAwaitHandled("replaced.csv", "id,name\nNEW-1,Acme\n");

        assertThat(delivered().getReceivedCounter()).isEqualTo(1);
        assertThat(ferry.report("replaced.csv")).extracting(r -> r.get("external_id")).containsExactly("NEW-1");
        // The interrupted run can never go on (its file was replaced): it ends failed, its report kept as it was.
        assertThat(ferry.bean("reports", Reports.class).runs().store().get(old.id()).orElseThrow().state())
                .isEqualTo(RunStore.State.FAILED);
        assertThat(ferry.report("replaced.csv", old.id())).extracting(r -> r.get("external_id")).containsExactly("OLD-1");
    }

    @Test
    void aRecordWhoseTargetRouteThrowsGetsAFailedRowAndTheRestOfTheFileIsDelivered() throws Exception {
        ferry.drop(CLIENTS, "exploding.csv", "id,name\nSF-1,Acme\nSF-2,EXPLODE\nSF-3,Gamma\n");

        ferry.awaitDone(CLIENTS, "exploding.csv", WAIT);
        assertThat(ferry.report("exploding.csv")).extracting(r -> r.get("row") + " " + r.get("outcome") + " "
                + r.get("code")).containsExactly("1 created ", "2 failed INTERNAL_ERROR", "3 created ");
        assertThat(ferry.report("exploding.csv").get(1).get("message"))
                .isEqualTo("unexpected IllegalStateException while delivering; see the log");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    // A run a killed Ferry left behind: running, the file marked as started, its report as far as it got.
    private RunStore.Run interruptedRun(String name, String hash, String report) throws Exception {
        Reports reports = ferry.bean("reports", Reports.class);
        RunStore.Run run = reports.runs().startFile(CLIENTS, name, hash, 1, false);
        new IdempotencyStore(ferry.bean("store", Store.class).dataSource()).add("file-started:" + CLIENTS,
                name + "/" + hash);
        Path path = reports.dir().resolve(run.report());
        Files.createDirectories(path.getParent());
        Files.writeString(path, report);
        return run;
    }

    /** Drops the file and waits until the intake moved it out of the inbox, which it does last. */
    private void dropAndAwaitHandled(String name, String content) throws Exception {
        ferry.drop(CLIENTS, name, content);
        await().atMost(WAIT).until(() -> Files.notExists(ferry.inbox(CLIENTS).resolve(name)));
    }

    private MockEndpoint delivered() {
        return ferry.context().getEndpoint("mock:delivered", MockEndpoint.class);
    }

    private static void appendChunk(Path file, AtomicInteger written) {
        if (written.get() >= 1000) {
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            int n = written.incrementAndGet();
            rows.append("SF-").append(n).append(",Name ").append(n).append('\n');
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unreadableFilesMoveToFailedWithAReportSayingWhy() throws Exception {
        ferry.drop(CLIENTS, "empty.csv", new byte[0]);
        ferry.drop(CLIENTS, "book.xlsx", "id,name\nSF-1,Acme\n");
        ferry.drop(CLIENTS, "binary.csv", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3});

        // Each is a failed run of its own, its file kept as .failed/<day>/<file>.<run id>.
        Path failed = ferry.inbox(CLIENTS).resolve(".failed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of("empty.csv", "book.xlsx", "binary.csv"))
                .allSatisfy(name -> assertThat(FerryUnderTest.keptCopies(failed, name)).hasSize(1)));
        RunStore runs = ferry.bean("reports", Reports.class).runs().store();
        assertThat(runs.list(RunStore.Filter.ANY, 0, 10)).extracting(RunStore.Run::input, RunStore.Run::state,
                run -> run.count(io.ferry.record.Outcome.Status.REJECTED)).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("empty.csv", RunStore.State.FAILED, 1L),
                org.assertj.core.groups.Tuple.tuple("book.xlsx", RunStore.State.FAILED, 1L),
                org.assertj.core.groups.Tuple.tuple("binary.csv", RunStore.State.FAILED, 1L));
        assertThat(ferry.report("empty.csv")).singleElement()
                .satisfies(row -> assertThat(row.cells()).containsEntry("outcome", "rejected")
                        .containsEntry("code", "UNREADABLE_FILE").containsEntry("message", "the file is empty (0 bytes)"));
        assertThat(ferry.report("book.xlsx").get(0).get("message"))
                .startsWith("unknown file type 'book.xlsx'");
        assertThat(ferry.report("binary.csv").get(0).get("message")).contains("ZIP archive");
    }

    @Test
    void jsonAndNdjsonFilesAreRead() throws Exception {
        ferry.drop(CLIENTS, "one.json", "{\"id\":\"J-1\",\"name\":\"Json\"}");
        ferry.drop(CLIENTS, "many.ndjson", "{\"id\":\"N-1\",\"name\":\"A\"}\n{\"id\":\"N-2\"}\n");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ferry.report("one.json")).extracting(r -> r.get("outcome")).containsExactly("created");
            assertThat(ferry.report("many.ndjson")).extracting(r -> r.get("outcome"))
                    .containsExactlyInAnyOrder("created", "rejected");
        });
    }
}
