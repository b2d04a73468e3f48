package io.ferry.report;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** One report CSV: a row per record outcome, written as records finish; safe to call from several threads. */
public final class ReportWriter implements Closeable {

    static final String[] COLUMNS = {"row", "target", "external_id", "outcome", "http_status", "code", "message"};
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final String name;
    private final long run;
    private final Path path;
    private final CSVPrinter printer;
    private final Map<Status, LongAdder> counts = new EnumMap<>(Status.class);
    private final long startNanos = System.nanoTime();

    // Rows that already had an outcome when a resumed report was opened.
    private final BitSet resumedRows = new BitSet();

    ReportWriter(String name, Path path, boolean append) {
        this(name, 0, path, append);
    }

    /** @param run the run whose report this is (0: none) */
    ReportWriter(String name, long run, Path path, boolean append) {
        this.name = name;
        this.run = run;
        this.path = path;
        for (Status status : Status.values()) {
            counts.put(status, new LongAdder());
        }
        try {
            Files.createDirectories(path.getParent());
            if (append) {
                dropTornLine(path);
            }
            boolean header = !append || !Files.exists(path) || Files.size(path) == 0;
            BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            this.printer = new CSVPrinter(out, FORMAT);
            if (header) {
                printer.printRecord((Object[]) COLUMNS);
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path, e);
        }
    }

    /**
     * Continues the report of a file whose run was interrupted: its rows are kept, counted, and remembered as done
     * ({@link #hasRow}), so that the run that continues the file skips them.
     */
    static ReportWriter resume(String name, long run, Path path) {
        ReportWriter writer = new ReportWriter(name, run, path, true);
        // The counts are of final outcomes: the last row of a row label (a released record has two).
        Map<String, Status> last = new java.util.HashMap<>();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                String label = row.get("row");
                // Only record rows count; a file-level row (UNREADABLE_FILE) has no row number.
                if (label.isEmpty()) {
                    continue;
                }
                if (label.chars().allMatch(Character::isDigit)) {
                    writer.resumedRows.set(Math.toIntExact(Long.parseLong(label)));
                }
                last.put(label, Status.valueOf(row.get("outcome").toUpperCase(Locale.ROOT).replace('-', '_')));
            }
            last.values().forEach(status -> writer.counts.get(status).increment());
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw new IllegalStateException("cannot resume report " + path + ": " + e.getMessage(), e);
        }
        return writer;
    }

    /** True when the row already had an outcome in the report this writer resumed. */
    public boolean hasRow(long row) {
        return row >= 0 && row <= Integer.MAX_VALUE && resumedRows.get((int) row);
    }

    public String name() {
        return name;
    }

    /** The run whose report this is; 0 for none. */
    public long run() {
        return run;
    }

    public Path path() {
        return path;
    }

    /** Writes the record's row and counts its outcome; the row reaches the file before this returns. */
    public void write(Record record, Outcome outcome) {
        write(record.source().rowLabel(), record.target(), record.externalId(), outcome.status(),
                outcome.httpStatus(), outcome.code(), message(outcome));
    }

    /**
     * Writes a later outcome of a record whose row is here already with {@code previous} (a parked record released):
     * the counts are of final outcomes, so the record moves from one to the other.
     */
    public void later(Record record, Outcome outcome, Status previous) {
        write(record, outcome);
        LongAdder before = counts.get(previous);
        if (before.sum() > 0) {
            before.decrement();
        }
    }

    private static String message(Outcome outcome) {
        String message = outcome.message();
        if (outcome.awaiting() != null) {
            message = "awaiting " + outcome.awaiting() + (message == null ? "" : ": " + message);
        }
        return message;
    }

    void write(String row, String target, String externalId, Status status, Integer httpStatus, String code,
               String message) {
        try {
            synchronized (printer) {
                print(row, target, externalId, status, httpStatus, code, message);
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path, e);
        }
    }

    /**
     * Writes the rows of several records (records.get(i) ended with outcomes.get(i)) and flushes once: for outcomes
     * that change nothing (unchanged), whose rows may as well be written again after a crash as be lost with it.
     */
    public void writeAll(List<Record> records, List<Outcome> outcomes) {
        try {
            synchronized (printer) {
                for (int i = 0; i < records.size(); i++) {
                    Record record = records.get(i);
                    Outcome outcome = outcomes.get(i);
                    print(record.source().rowLabel(), record.target(), record.externalId(), outcome.status(),
                            outcome.httpStatus(), outcome.code(), message(outcome));
                }
                printer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + path, e);
        }
    }

    private void print(String row, String target, String externalId, Status status, Integer httpStatus, String code,
                       String message) throws IOException {
        String[] cells = {ReportCells.neutralise(row), ReportCells.neutralise(target),
                ReportCells.neutralise(externalId), status.label(), httpStatus == null ? "" : httpStatus.toString(),
                ReportCells.neutralise(code), ReportCells.neutralise(message)};
        String line = plainLine(cells);
        if (line != null) {
            printer.getOut().append(line);
        } else {
            printer.printRecord((Object[]) cells);
        }
        counts.get(status).increment();
    }

    /**
     * The line of a row none of whose cells the printer would quote, else null. Such a row is written as it is: the
     * printer checks each character of each cell against its quoting rules, which cost a tenth of the time of
     * re-reading an unchanged file. Plain means, stricter than those rules in any version of commons-csv: printable
     * ASCII without quote or comma, starting with a letter or digit and not ending in a space; an empty cell only
     * after the first.
     */
    static String plainLine(String... cells) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            if (cell == null || !(cell.isEmpty() ? i > 0 : plain(cell))) {
                return null;
            }
            if (i > 0) {
                line.append(',');
            }
            line.append(cell);
        }
        return line.append('\n').toString();
    }

    private static boolean plain(String cell) {
        char first = cell.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first >= '0' && first <= '9')
                || cell.charAt(cell.length() - 1) == ' ') {
            return false;
        }
        for (int i = 1; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c < ' ' || c > '~' || c == '"' || c == ',') {
                return false;
            }
        }
        return true;
    }

    /**
     * A process killed while writing leaves at most one incomplete line at the end (a row is flushed whole after each
     * record, and cells never hold line breaks): it is cut off, its record has no outcome yet.
     */
    private static void dropTornLine(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = file.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                file.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < file.size()) {
                file.truncate(end);
            }
        }
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
