package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.store.FileClaims;
import io.ferry.store.IdempotencyStore;
import io.ferry.report.RunHistory;
import io.ferry.store.RunStore;
import io.ferry.store.Store;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry instances (stub targets) on one inbox, one reports folder and one PostgreSQL store: every file is read by
 * exactly one of them, and a file whose instance stopped in the middle is finished by the other after the claim lease.
 */
class SharedInboxIT {

    private static final String CLIENTS = "cor-clients";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void everyFileOfASharedInboxIsReadByExactlyOneInstance() throws Exception {
        TestDatabase db = TestDatabase.postgres("shared_inbox");
        int files = 30;
        int rows = 20;
        try (FerryUnderTest one = FerryUnderTest.withStubTargets(root, shared(db, Map.of()));
             FerryUnderTest two = FerryUnderTest.withStubTargets(root.resolve("two"), shared(db, Map.of()))) {
            for (int f = 0; f < files; f++) {
                StringBuilder csv = new StringBuilder("id,name\n");
                for (int r = 0; r < rows; r++) {
                    csv.append("SH-").append(f).append('-').append(r).append(",Client ").append(r).append('\n');
                }
                one.drop(CLIENTS, "part-" + f + ".csv", csv.toString());
            }
            Path done = root.resolve("inbox").resolve(CLIENTS).resolve(".done");
            await().atMost(WAIT).until(() -> count(done) == files);

            long sentByOne = delivered(one).getReceivedCounter();
            long sentByTwo = delivered(two).getReceivedCounter();
            assertThat(sentByOne + sentByTwo).as("records sent (one: %d, two: %d)", sentByOne, sentByTwo)
                    .isEqualTo((long) files * rows);
            for (int f = 0; f < files; f++) {
                assertThat(one.report("part-" + f + ".csv")).hasSize(rows).extracting(Row::outcome).containsOnly("created");
            }
        }
    }

    @Test
    void aFileWhoseInstanceStoppedMidwayIsFinishedByAnotherAfterTheLease() throws Exception {
        TestDatabase db = TestDatabase.postgres("shared_takeover");
        String csv = "id,name\nSF-1,Acme\nSF-2,Beta\nSF-3,Gamma\nSF-4,Delta\n";
        try (FerryUnderTest ferry = FerryUnderTest.withStubTargets(root,
                shared(db, Map.of("ferry.inbox.claim-lease", "1s")))) {
            // What an instance killed during this file leaves in the shared store and reports folder: its claim (no
            // longer renewed), the run marked as started, rows 1 and 2 reported and row 3 cut off mid-write.
            long claimed;
            RunStore.Run run;
            try (Store store = db.openStore(1)) {
                assertThat(new FileClaims(store.dataSource(), "instance-gone", Duration.ofSeconds(1))
                        .claim("inbox:" + CLIENTS, "resumed.csv")).isTrue();
                claimed = System.nanoTime();
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(csv.getBytes(StandardCharsets.UTF_8)));
                run = new RunHistory(new RunStore(store.dataSource()), "instance-gone", java.time.Clock.systemUTC())
                        .startFile(CLIENTS, "resumed.csv", hash, csv.length(), false);
                new IdempotencyStore(store.dataSource()).add("file-started:" + CLIENTS, "resumed.csv/" + hash);
            }
            Path report = ferry.reports().resolve(run.report());
            Files.createDirectories(report.getParent());
            Files.writeString(report, "row,target,external_id,outcome,http_status,code,message\n"
                    + "1,cor-clients,SF-1,created,200,,\n2,cor-clients,SF-2,created,200,,\n3,cor-cli");

            ferry.drop(CLIENTS, "resumed.csv", csv);
            assertThat(ferry.awaitDone(CLIENTS, "resumed.csv", WAIT)).as("the same run goes on").isEqualTo(run.id());

            assertThat(Duration.ofNanos(System.nanoTime() - claimed)).as("the other claim was waited out")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(delivered(ferry).getReceivedCounter()).as("records sent").isEqualTo(2);
            assertThat(ferry.report("resumed.csv", run.id())).extracting(r -> r.get("row") + " " + r.get("external_id") + " "
                    + r.get("outcome")).containsExactly("1 SF-1 created", "2 SF-2 created", "3 SF-3 created",
                    "4 SF-4 created");
        }
    }

    // One store, one inbox and one reports folder for every instance (the first instance's, under root); files
    // appear at once (atomic renames).
    private Map<String, String> shared(TestDatabase db, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("ferry.store.url", db.url());
        props.put("ferry.store.user", db.user());
        props.put("ferry.store.password", db.password());
        props.put("ferry.inbox.dir", root.resolve("inbox").toString());
        props.put("ferry.reports.dir", root.resolve("reports").toString());
        return props;
    }

    private static MockEndpoint delivered(FerryUnderTest ferry) {
        return ferry.context().getEndpoint("mock:delivered", MockEndpoint.class);
    }

    private static long count(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        // The processed copies: .done/<day>/<file>.<run id>.
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.filter(Files::isRegularFile).count();
        }
    }
}
