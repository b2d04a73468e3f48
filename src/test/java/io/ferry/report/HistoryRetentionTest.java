package io.ferry.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Outcome.Status;
import io.ferry.store.RunStore;
import io.ferry.store.RunStore.Run;
import io.ferry.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private final Store store = new Store("jdbc:h2:mem:retention-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa",
            "", 2);
    private final RunStore runs = new RunStore(store.dataSource());

    @TempDir
    Path reports;
    @TempDir
    Path inbox;

    @AfterEach
    void close() {
        store.close();
    }

    // A file run that ended at the given time, with its report and kept copy on disk.
    private Run endedRun(String file, Instant ended) throws Exception {
        RunHistory history = new RunHistory(runs, "test", Clock.fixed(ended, ZoneOffset.UTC));
        Run run = history.startFile("cor-clients", file, "hash-" + file, 10, false);
        history.counts(run.id(), Map.of(Status.CREATED, 1L), RunStore.State.DONE);
        Files.createDirectories(reports.resolve(run.report()).getParent());
        Files.writeString(reports.resolve(run.report()), "row,target,external_id,outcome,http_status,code,message\n");
        Files.createDirectories(inbox.resolve(run.kept()).getParent());
        Files.writeString(inbox.resolve(run.kept()), "id,name\n");
        return run;
    }

    @Test
    void runsThatEndedBeforeThePeriodGoWithTheirReportsAndCopiesAndTheOthersStay() throws Exception {
        Run old = endedRun("old.csv", NOW.minus(Duration.ofDays(31)));
        Run recent = endedRun("recent.csv", NOW.minus(Duration.ofDays(29)));
        RunHistory running = new RunHistory(runs, "test", Clock.fixed(NOW.minus(Duration.ofDays(40)), ZoneOffset.UTC));
        Run stillRunning = running.startFile("cor-clients", "long.csv", "h", 1, false);

        HistoryRetention.Removed removed = new HistoryRetention(runs, reports, inbox, Duration.ofDays(30),
                Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(removed).isEqualTo(new HistoryRetention.Removed(1, 1, 1));
        assertThat(runs.get(old.id())).isEmpty();
        assertThat(reports.resolve(old.report())).doesNotExist();
        assertThat(inbox.resolve(old.kept())).doesNotExist();
        assertThat(reports.resolve(old.report()).getParent()).as("its empty day folder").doesNotExist();
        assertThat(runs.get(recent.id())).isPresent();
        assertThat(reports.resolve(recent.report())).exists();
        assertThat(inbox.resolve(recent.kept())).exists();
        assertThat(runs.get(stillRunning.id())).as("a running run is never removed").isPresent();
    }

    @Test
    void aPeriodOfZeroKeepsEverything() throws Exception {
        Run old = endedRun("ancient.csv", NOW.minus(Duration.ofDays(3650)));

        assertThat(new HistoryRetention(runs, reports, inbox, Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC)).purge())
                .isEqualTo(new HistoryRetention.Removed(0, 0, 0));
        assertThat(runs.get(old.id())).isPresent();
        assertThat(reports.resolve(old.report())).exists();
    }
}
