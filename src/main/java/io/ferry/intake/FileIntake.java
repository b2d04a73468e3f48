package io.ferry.intake;

import io.ferry.record.RecordExchange;
import io.ferry.record.Source;
import io.ferry.report.ReportWriter;
import io.ferry.report.Reports;
import io.ferry.report.RunHistory;
import io.ferry.store.RunStore.Run;
import io.ferry.store.IdempotencyStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the file intake route: check and fingerprint a dropped file, start its run, stream its records, then
 * record it as processed. A file whose name and content were processed before is skipped, across restarts. A file
 * whose run was interrupted (Ferry stopped before it was done) continues that run: its report keeps the rows written
 * so far, and only the records without an outcome there are sent.
 */
public final class FileIntake {

    static final String TARGET = "ferryTarget";
    static final String DUPLICATE = "ferryDuplicate";
    private static final String FORMAT = "ferryFormat";
    private static final String KEY = "ferryFileKey";
    // Where the file consumer moves the file when the exchange completes (see the file-intake route's move option).
    private static final String MOVE_TO = "ferryMoveTo";
    private static final String RUN = "ferryRun";
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    // Records per chunk: one id-map query decides the unchanged ones; small next to the lanes' read-ahead.
    static final int CHUNK = 500;

    private final RecordReaders readers;
    private final Reports reports;
    private final IdempotencyStore processed;
    private final boolean dryRunAll;
    private final Executor readAhead;

    /**
     * @param dryRunAll every file is a dry run (--dry-run); otherwise only files named *.dryrun.* are
     * @param readAhead where each file's next chunk is read while the lanes take the current one (null: none)
     */
    public FileIntake(RecordReaders readers, Reports reports, IdempotencyStore processed, boolean dryRunAll,
                      Executor readAhead) {
        this.readers = readers;
        this.reports = reports;
        this.processed = processed;
        this.dryRunAll = dryRunAll;
        this.readAhead = readAhead;
    }

    /** A dry run of one file: {@code accounts.dryrun.csv}. */
    static boolean isDryRunName(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).matches(".*\\.dryrun\\.[a-z]+$");
    }

    /**
     * Checks the file and starts its run: a file processed before with the same content is a skipped run; one whose
     * run was interrupted continues that run; any other starts a run and its report.
     */
    public void begin(Exchange exchange) throws IOException {
        String target = exchange.getProperty(TARGET, String.class);
        String name = fileName(exchange);
        Path file = path(exchange);
        InputFormat format = FileInspector.check(file, name);
        String hash = FileInspector.sha256(file);
        String key = name + "/" + hash;
        long size = Files.size(file);
        RunHistory runs = reports.runs();
        if (processed.contains(scope(target), key)) {
            Run run = runs.skipped(target, name, hash, size);
            keep(exchange, run);
            LOG.info("{}: already processed with the same content; kept as {} without sending anything again (run {})",
                    name, run.kept(), run.id());
            exchange.setProperty(DUPLICATE, true);
            return;
        }
        exchange.setProperty(DUPLICATE, false);
        boolean dryRun = dryRunAll || isDryRunName(name);
        exchange.setProperty(RecordExchange.DRY_RUN, dryRun);
        exchange.setProperty(FORMAT, format);
        exchange.setProperty(KEY, key);
        Optional<Run> interrupted = processed.contains(startedScope(target), key)
                ? runs.interrupted(target, name, hash) : Optional.empty();
        if (interrupted.isPresent()) {
            keep(exchange, interrupted.get());
            ReportWriter report = reports.resumeFile(interrupted.get());
            exchange.setProperty(RecordExchange.REPORT, report);
            LOG.info("{}: continuing interrupted run {}: {} records already have an outcome in its report and are not"
                    + " sent again", name, interrupted.get().id(), report.summary().total());
            return;
        }
        // The run and its report come before the run is marked as started: a file marked started always has them.
        Run run = runs.startFile(target, name, hash, size, dryRun);
        keep(exchange, run);
        exchange.setProperty(RecordExchange.REPORT, reports.openFile(run));
        if (!dryRun) {
            processed.add(startedScope(target), key);
        }
        LOG.info("{}: reading {} records for {} (run {}){}", name, format, target, run.id(),
                dryRun ? " (DRY RUN: nothing is sent, nothing stored)" : "");
    }

    // Where the file consumer moves the file when the run is done with it (see the file-intake route's move option).
    private static void keep(Exchange exchange, Run run) {
        exchange.setProperty(RUN, run);
        exchange.setProperty(MOVE_TO, RunHistory.keptIn(run));
    }

    /** The file's records without an outcome yet, streamed; the splitter closes the iterator. */
    public RecordIterator records(Exchange exchange) throws IOException {
        String name = fileName(exchange);
        String target = exchange.getProperty(TARGET, String.class);
        long run = exchange.getProperty(RUN, Run.class).id();
        RecordIterator records = readers.open(exchange.getProperty(FORMAT, InputFormat.class),
                new BufferedInputStream(Files.newInputStream(path(exchange)), 65536), target,
                row -> Source.file(name, row, run));
        ReportWriter report = exchange.getProperty(RecordExchange.REPORT, ReportWriter.class);
        return RecordIterator.skipping(records, record -> report.hasRow(record.source().row()));
    }

    /**
     * The same records in chunks of up to {@link #CHUNK} (for the delivery lanes, which decide the unchanged records
     * of a chunk with one id-map query); the splitter closes the iterator.
     */
    public RecordChunks chunks(Exchange exchange) throws IOException {
        return new RecordChunks(records(exchange), CHUNK, readAhead);
    }

    /** Closes the report, ends the run with its counts, logs the summary and remembers the file as processed. */
    public void finish(Exchange exchange) {
        reports.finishFile(exchange.getProperty(RecordExchange.REPORT, ReportWriter.class));
        if (!RecordExchange.isDryRun(exchange)) {
            // A dry run leaves no trace: the same file dropped later for real is processed.
            processed.add(scope(exchange.getProperty(TARGET, String.class)), exchange.getProperty(KEY, String.class));
        }
    }

    /**
     * For a file that cannot be read at all: a failed run whose report says why (the consumer then moves the file to
     * .failed/).
     */
    public void unreadable(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unreadable" : cause.getMessage();
        String name = fileName(exchange);
        String target = exchange.getProperty(TARGET, String.class);
        ReportWriter open = exchange.getProperty(RecordExchange.REPORT, ReportWriter.class);
        if (open != null) {
            reports.abandon(open);
        }
        // Found unreadable after its run started (the header, read with the first record): that run fails.
        Run started = exchange.getProperty(RUN, Run.class);
        Run run = started != null ? reports.runs().failed(started) : reports.runs().unreadable(target, name);
        keep(exchange, run);
        LOG.warn("{}: cannot be read, kept as {} (run {}): {}", name, run.kept(), run.id(), reason);
        reports.unreadableFile(run, target, reason);
    }

    private static String scope(String target) {
        return "file:" + target;
    }

    /** Files whose run started: one that is started but not processed was interrupted. */
    private static String startedScope(String target) {
        return "file-started:" + target;
    }

    private static String fileName(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    private static Path path(Exchange exchange) {
        return Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
    }
}
