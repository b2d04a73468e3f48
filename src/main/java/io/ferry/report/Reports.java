package io.ferry.report;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.record.Source;
import io.ferry.store.RunStore.Run;
import io.ferry.store.RunStore.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, writes and closes the reports of the runs ({@link RunHistory}): one per input file, one per queue (or Kafka
 * topic) and day. While a run is open, its progress is logged and its counts written to the runs table at a fixed
 * interval; when it ends, its final counts.
 */
public final class Reports {

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final Path dir;
    private final RunHistory runs;
    private final long progressNanos;
    // The open reports by run id, with when they were opened: a late row (a released record) joins the writer in use.
    private final Map<Long, ReportWriter> open = new ConcurrentHashMap<>();
    private final Map<ReportWriter, long[]> openedAt = new ConcurrentHashMap<>();
    // The open run of each queue or topic (today's), by its name.
    private final Map<String, Day> days = new ConcurrentHashMap<>();

    private record Day(ReportWriter writer, LocalDate day) {
    }

    public Reports(Path dir, RunHistory runs, Duration progressInterval, ScheduledExecutorService scheduler) {
        this.dir = dir;
        this.runs = runs;
        runs.endEarlierDays();
        this.progressNanos = progressInterval.toNanos();
        long seconds = Math.max(1, progressInterval.toSeconds());
        scheduler.scheduleAtFixedRate(this::progress, seconds, seconds, TimeUnit.SECONDS);
    }

    public RunHistory runs() {
        return runs;
    }

    /** The reports folder. */
    public Path dir() {
        return dir;
    }

    /** The counts so far of a run whose report is open in this instance. */
    public Optional<RunSummary> live(long run) {
        return Optional.ofNullable(open.get(run)).map(ReportWriter::summary);
    }

    /** Starts the report of a file's run. */
    public ReportWriter openFile(Run run) {
        return opened(new ReportWriter(run.input(), run.id(), dir.resolve(run.report()), false));
    }

    /**
     * Continues the report of a file's run that was interrupted (a crash, a kill): the rows it holds stay, and
     * {@link ReportWriter#hasRow} tells which rows already have their outcome.
     */
    public ReportWriter resumeFile(Run run) {
        try {
            return opened(ReportWriter.resume(run.input(), run.id(), dir.resolve(run.report())));
        } catch (IllegalStateException e) {
            LOG.warn("{}: {}; the file is read again from its first row", run.input(), e.getMessage());
            return openFile(run);
        }
    }

    private ReportWriter opened(ReportWriter writer) {
        open.put(writer.run(), writer);
        openedAt.put(writer, new long[] {System.nanoTime()});
        return writer;
    }

    /** Closes a file's report, ends its run with the final counts and logs its summary line. */
    public RunSummary finishFile(ReportWriter writer) {
        return finish(writer, State.DONE);
    }

    private RunSummary finish(ReportWriter writer, State state) {
        open.remove(writer.run(), writer);
        openedAt.remove(writer);
        writer.close();
        RunSummary summary = writer.summary();
        runs.counts(writer.run(), summary.counts(), state);
        LOG.info(summary.line() + " (run " + writer.run() + ")");
        return summary;
    }

    /** Closes a report whose run will not use it (its file turned out unreadable). */
    public void abandon(ReportWriter writer) {
        open.remove(writer.run(), writer);
        openedAt.remove(writer);
        writer.close();
    }

    /** The report of a file that could not be read at all: one row saying why; its run ends failed. */
    public void unreadableFile(Run run, String target, String reason) {
        ReportWriter writer = new ReportWriter(run.input(), run.id(), dir.resolve(run.report()), false);
        writer.write("", target, "", Status.REJECTED, null, "UNREADABLE_FILE", reason);
        writer.close();
        runs.counts(run.id(), writer.summary().counts(), State.FAILED);
    }

    /**
     * The open report of today's run of a queue or Kafka topic ({@code source}), whose records go to {@code target}
     * (a target or mapped source). A new day starts a new run; yesterday's ends.
     */
    public ReportWriter day(String source, String target) {
        LocalDate today = runs.today();
        Day current = days.get(source);
        if (current != null && current.day().equals(today)) {
            return current.writer();
        }
        synchronized (days) {
            current = days.get(source);
            if (current != null && current.day().equals(today)) {
                return current.writer();
            }
            if (current != null) {
                finish(current.writer(), State.DONE);
            }
            Run run = runs.day(source, target);
            Path path = dir.resolve(run.report());
            ReportWriter writer = opened(Files.exists(path) ? ReportWriter.resume(run.input(), run.id(), path)
                    : new ReportWriter(run.input(), run.id(), path, true));
            days.put(source, new Day(writer, run.day()));
            return writer;
        }
    }

    /**
     * Writes a later outcome of a record (a released one) to the report of its run, the record moving from its
     * {@code previous} outcome there to the new one.
     */
    public void append(Record record, Outcome outcome, Status previous) {
        Source source = record.source();
        ReportWriter writer = open.get(source.run());
        if (writer != null) {
            writer.later(record, outcome, previous);
            return;
        }
        Optional<Run> run = source.run() == 0 ? Optional.empty() : runs.store().get(source.run());
        // A record parked before runs were kept (run 0), or one whose run is gone: its input's own report.
        Path path = run.map(r -> dir.resolve(r.report())).orElseGet(() -> dir.resolve(source.name() + ".report.csv"));
        synchronized (this) {
            ReportWriter late = new ReportWriter(source.name(), source.run(), path, true);
            try {
                late.write(record, outcome);
            } finally {
                late.close();
            }
        }
        run.ifPresent(r -> runs.moved(r.id(), previous, outcome.status()));
    }

    /** Writes the row of the exchange's record (the ferryRecord property, else the body) with its outcome. */
    public void write(Exchange exchange) {
        Record record = RecordExchange.record(exchange);
        Outcome outcome = RecordExchange.outcome(exchange);
        if (outcome == null) {
            outcome = Outcome.failed(null, "NO_OUTCOME", "the target route ended without an outcome");
        }
        ReportWriter writer = exchange.getProperty(RecordExchange.REPORT, ReportWriter.class);
        if (writer == null) {
            writer = open.get(record.source().run());
        }
        if (writer != null) {
            writer.write(record, outcome);
            return;
        }
        // A queue record whose day ended meanwhile (midnight): its run's report, counted there.
        Optional<Run> run = runs.store().get(record.source().run());
        if (run.isEmpty()) {
            throw new IllegalStateException("no report for " + record.source());
        }
        synchronized (this) {
            ReportWriter late = new ReportWriter(run.get().input(), run.get().id(), dir.resolve(run.get().report()), true);
            try {
                late.write(record, outcome);
            } finally {
                late.close();
            }
        }
        runs.moved(run.get().id(), null, outcome.status());
    }

    // Logs the progress of long files, and writes the counts of every open run to the runs table.
    private void progress() {
        long now = System.nanoTime();
        openedAt.forEach((writer, started) -> {
            RunSummary summary = writer.summary();
            try {
                runs.counts(writer.run(), summary.counts(), null);
            } catch (RuntimeException e) {
                // A task that throws is never run again: the next interval tries again.
                LOG.warn("Cannot write the counts of run {}: {}", writer.run(), e.toString());
            }
            if (isFile(writer) && now - started[0] >= progressNanos) {
                LOG.info(String.format(java.util.Locale.ROOT, "%s: %d records so far (%.0f/s)", summary.name(),
                        summary.total(), summary.total() / Math.max(summary.seconds(), 0.001)));
            }
        });
    }

    private boolean isFile(ReportWriter writer) {
        return days.values().stream().noneMatch(day -> day.writer() == writer);
    }

    /** Closes the queue and topic reports (on shutdown); their runs go on the next start of the same day. */
    public void close() {
        days.values().forEach(day -> {
            ReportWriter writer = day.writer();
            open.remove(writer.run(), writer);
            openedAt.remove(writer);
            writer.close();
            runs.counts(writer.run(), writer.summary().counts(), null);
        });
        days.clear();
    }
}
