package io.ferry.report;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, writes and closes the reports: one per input file, one rolling daily report per queue. While a file is
 * being delivered, its progress is logged at a fixed interval.
 */
public final class Reports {

    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final Path dir;
    private final Clock clock;
    private final long progressNanos;
    private final Map<ReportWriter, long[]> openFiles = new ConcurrentHashMap<>();
    // Open file reports by file name, so a late row (a released record) joins the writer still in use.
    private final Map<String, ReportWriter> openByName = new ConcurrentHashMap<>();
    private final Map<String, DailyReport> queueReports = new ConcurrentHashMap<>();
    private final String instanceSuffix;

    private record DailyReport(LocalDate day, ReportWriter writer) {
    }

    public Reports(Path dir, Duration progressInterval, ScheduledExecutorService scheduler, Clock clock) {
        this(dir, "", progressInterval, scheduler, clock);
    }

    /**
     * @param instance this Ferry's name when several share the reports folder (ferry.instance.name), blank for one:
     *                 each instance then writes its own daily queue reports, which no other process appends to
     */
    public Reports(Path dir, String instance, Duration progressInterval, ScheduledExecutorService scheduler,
                   Clock clock) {
        this.dir = dir;
        this.instanceSuffix = instance == null || instance.isBlank() ? "" : "." + instance.strip();
        this.clock = clock;
        this.progressNanos = progressInterval.toNanos();
        long seconds = Math.max(1, progressInterval.toSeconds());
        scheduler.scheduleAtFixedRate(this::logProgress, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Starts the report of an input file, replacing the report of an earlier run of the same name. */
    public ReportWriter openFile(String fileName) {
        ReportWriter writer = new ReportWriter(fileName, dir.resolve(fileName + ".report.csv"), false);
        openFiles.put(writer, new long[] {System.nanoTime()});
        openByName.put(fileName, writer);
        return writer;
    }

    /**
     * Continues the report of a file whose earlier run was interrupted (a crash, a kill): the rows it holds stay, and
     * {@link ReportWriter#hasRow} tells which rows already have their outcome.
     */
    public ReportWriter resumeFile(String fileName) {
        ReportWriter writer;
        try {
            writer = ReportWriter.resume(fileName, dir.resolve(fileName + ".report.csv"));
        } catch (IllegalStateException e) {
            LOG.warn("{}: {}; the file is read again from its first row", fileName, e.getMessage());
            return openFile(fileName);
        }
        openFiles.put(writer, new long[] {System.nanoTime()});
        openByName.put(fileName, writer);
        return writer;
    }

    /** Closes a file's report and logs its summary line. */
    public RunSummary finishFile(ReportWriter writer) {
        openFiles.remove(writer);
        openByName.remove(writer.name(), writer);
        writer.close();
        RunSummary summary = writer.summary();
        LOG.info(summary.line());
        return summary;
    }

    /** The report of a file that could not be read at all: one row saying why. */
    public void unreadableFile(String target, String fileName, String reason) {
        ReportWriter writer = new ReportWriter(fileName, dir.resolve(fileName + ".report.csv"), false);
        writer.write("", target, "", Status.REJECTED, null, "UNREADABLE_FILE", reason);
        writer.close();
    }

    /**
     * Today's rolling report for a queue: {@code <queue>-<date>.report.csv}, or {@code <queue>-<date>.<instance>.report.csv}
     * with an instance name, appended to.
     */
    public ReportWriter queueReport(String queue) {
        LocalDate today = LocalDate.now(clock);
        DailyReport report = queueReports.compute(queue, (name, current) -> {
            if (current != null && current.day().equals(today)) {
                return current;
            }
            if (current != null) {
                current.writer().close();
            }
            String file = name + "-" + today + instanceSuffix + ".report.csv";
            return new DailyReport(today, new ReportWriter(file, dir.resolve(file), true));
        });
        return report.writer();
    }

    /** Appends a later outcome of a record (e.g. a released one) to the report of the input it came from. */
    public void append(Record record, Outcome outcome) {
        if (!record.source().isFile()) {
            queueReport(record.source().name()).write(record, outcome);
            return;
        }
        ReportWriter open = openByName.get(record.source().name());
        if (open != null) {
            open.write(record, outcome);
            return;
        }
        String name = record.source().name();
        synchronized (this) {
            ReportWriter writer = new ReportWriter(name, dir.resolve(name + ".report.csv"), true);
            try {
                writer.write(record, outcome);
            } finally {
                writer.close();
            }
        }
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
            writer = queueReport(record.source().name());
        }
        writer.write(record, outcome);
    }

    private void logProgress() {
        long now = System.nanoTime();
        openFiles.forEach((writer, started) -> {
            if (now - started[0] >= progressNanos) {
                RunSummary summary = writer.summary();
                LOG.info(String.format(java.util.Locale.ROOT, "%s: %d records so far (%.0f/s)", summary.name(),
                        summary.total(), summary.total() / Math.max(summary.seconds(), 0.001)));
            }
        });
    }

    /** Closes the queue reports (on shutdown). */
    public void close() {
        queueReports.values().forEach(report -> report.writer().close());
        queueReports.clear();
    }
}
