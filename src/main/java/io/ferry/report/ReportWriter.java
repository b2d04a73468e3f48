package io.ferry.report;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** One report CSV: a row per record outcome, written as records finish; safe to call from several threads. */
public final class ReportWriter implements Closeable {

    static final String[] COLUMNS = {"row", "target", "external_id", "outcome", "http_status", "code", "message"};

    private final String name;
    private final Path path;
    private final CSVPrinter printer;
    private final Map<Status, LongAdder> counts = new EnumMap<>(Status.class);
    private final long startNanos = System.nanoTime();

    ReportWriter(String name, Path path, boolean append) {
        this.name = name;
        this.path = path;
        for (Status status : Status.values()) {
            counts.put(status, new LongAdder());
        }
        try {
            Files.createDirectories(path.getParent());
            boolean header = !append || !Files.exists(path) || Files.size(path) == 0;
            BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
            if (header) {
                printer.printRecord((Object[]) COLUMNS);
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path, e);
        }
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /** Writes the record's row and counts its outcome; the row reaches the file before this returns. */
    public void write(Record record, Outcome outcome) {
        String message = outcome.message();
        if (outcome.awaiting() != null) {
            message = "awaiting " + outcome.awaiting() + (message == null ? "" : ": " + message);
        }
        write(record.source().rowLabel(), record.target(), record.externalId(), outcome.status(),
                outcome.httpStatus(), outcome.code(), message);
    }

    void write(String row, String target, String externalId, Status status, Integer httpStatus, String code,
               String message) {
        try {
            synchronized (printer) {
                printer.printRecord(ReportCells.neutralise(row), ReportCells.neutralise(target),
                        ReportCells.neutralise(externalId), status.label(),
                        httpStatus == null ? "" : httpStatus.toString(), ReportCells.neutralise(code),
                        ReportCells.neutralise(message));
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path, e);
        }
        counts.get(status).increment();
    }

    public RunSummary summary() {
        Map<Status, Long> snapshot = new EnumMap<>(Status.class);
        counts.forEach((status, count) -> snapshot.put(status, count.sum()));
        return new RunSummary(name, snapshot, (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        try {
            synchronized (printer) {
                printer.close(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close report " + path, e);
        }
    }
}
