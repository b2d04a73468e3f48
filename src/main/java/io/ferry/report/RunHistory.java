package io.ferry.report;

import io.ferry.record.Outcome.Status;
import io.ferry.store.RunStore;
import io.ferry.store.RunStore.Run;
import io.ferry.store.RunStore.State;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of this instance and where their files go. Every input file is a run; so is each queue's (or Kafka
 * topic's) day. Nothing is ever overwritten: a run's report is {@code <source>/<day>/<input>.<run id>.report.csv}
 * below the reports folder, and a processed file is kept as {@code <source>/.done/<day>/<file>.<run id>} (or
 * {@code .failed/}) below the inbox folder.
 */
public final class RunHistory {

    public static final String FILE = "file";
    public static final String QUEUE = "queue";

    private final RunStore store;
    private final String instance;
    private final Clock clock;

    public RunHistory(RunStore store, String instance, Clock clock) {
        this.store = store;
        this.instance = instance;
        this.clock = clock;
    }

    public RunStore store() {
        return store;
    }

    /**
     * A new run of an input file of {@code target} (the inbox folder: a target or a mapped source). A run of the same
     * name left running by a stopped process, for other content, can never go on (its file was replaced): it ends
     * failed, its report kept as far as it got.
     */
    public Run startFile(String target, String file, String contentHash, long size, boolean dryRun) {
        for (Run stale : store.runningFiles(target, file)) {
            store.end(stale.id(), State.FAILED, clock.instant());
        }
        return start(target, target, FILE, file, contentHash, size, dryRun, State.RUNNING, ".done");
    }

    /** The run of this file and content that an earlier process started and did not finish, if any. */
    public Optional<Run> interrupted(String target, String file, String contentHash) {
        return store.running(target, file, contentHash);
    }

    /** A file whose content was processed before: a run of its own, ended at once, that sends nothing. */
    public Run skipped(String target, String file, String contentHash, long size) {
        Run run = start(target, target, FILE, file, contentHash, size, false, State.SKIPPED, ".done");
        store.end(run.id(), State.SKIPPED, clock.instant());
        return run;
    }

    /** A file that cannot be read: its run, whose report has the one row saying why, and whose copy is in .failed/. */
    public Run unreadable(String target, String file) {
        return start(target, target, FILE, file, null, null, false, State.RUNNING, ".failed");
    }

    /** A started file run whose file turned out unreadable: its copy goes to .failed/ instead. */
    public Run failed(Run run) {
        String kept = run.source() + "/.failed/" + run.day() + "/" + run.input() + "." + run.id();
        store.kept(run.id(), kept);
        return store.get(run.id()).orElseThrow();
    }

    /**
     * Today's run of a queue or Kafka topic ({@code source}) in this instance: continued when it is there (a restart
     * the same day), else started. A run of an earlier day still running here ends first.
     */
    public Run day(String source, String target) {
        LocalDate today = today();
        endEarlierDays();
        return store.runningDay(source, source, today, instance)
                .orElseGet(() -> start(source, target, QUEUE, source, null, null, false, State.RUNNING, null));
    }

    /** Today, by this instance's clock: the day of the runs it starts. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Ends this instance's queue and topic runs of earlier days (at start: their day ended while it was stopped). */
    public void endEarlierDays() {
        for (Run old : store.runningBefore(QUEUE, today(), instance)) {
            store.end(old.id(), State.DONE, clock.instant());
        }
    }

    /** Where the file of a run goes when it is done with: relative to its inbox folder. */
    public static String keptIn(Run run) {
        return run.kept().substring(run.source().length() + 1);
    }

    /** The counts of a run as its report has them; with {@code state}, the run ends. */
    public void counts(long run, Map<Status, Long> counts, State state) {
        store.counts(run, counts, state, state == null ? null : clock.instant());
    }

    /** A record of an ended run got a later outcome: its count moves. */
    public void moved(long run, Status from, Status to) {
        store.moved(run, from, to);
    }

    private Run start(String source, String target, String kind, String input, String hash, Long size, boolean dryRun,
                      State state, String keptFolder) {
        LocalDate day = LocalDate.now(clock);
        return store.start(new RunStore.Start(source, target, kind, input, hash, size, instance, day, clock.instant(),
                dryRun, state), id -> new RunStore.Paths(state == State.SKIPPED ? null
                : source + "/" + day + "/" + input + "." + id + ".report.csv",
                keptFolder == null ? null : source + "/" + keptFolder + "/" + day + "/" + input + "." + id));
    }
}
