package io.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.delivery.VendorRequest;
import io.ferry.intake.InputFormat;
import io.ferry.intake.IntakeLimits;
import io.ferry.intake.RecordIterator;
import io.ferry.intake.RecordReaders;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Records for vendor tests, read by Ferry's own CSV reader exactly as intake reads them; JSON with single quotes. */
public final class TestRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Targets TARGETS = Targets.defaults("external_id");

    private TestRecords() {
    }

    /** The records of a CSV text (empty cells omitted, or sent as null when {@code emptyCellsClear}). */
    public static List<Record> csv(String target, String text, boolean emptyCellsClear) {
        IntakeLimits defaults = IntakeLimits.defaults();
        IntakeLimits limits = new IntakeLimits(defaults.charset(), defaults.delimiter(), defaults.listSeparator(),
                defaults.listColumns(), emptyCellsClear, defaults.maxRecordChars(), defaults.maxColumns(),
                defaults.maxNestingDepth());
        List<Record> records = new ArrayList<>();
        try (RecordIterator it = new RecordReaders(TARGETS, limits).open(InputFormat.CSV, new StringReader(text), target,
                row -> Source.file("t.csv", row))) {
            it.forEachRemaining(records::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** The first record of a CSV text, empty cells omitted. */
    public static Record csv(String target, String text) {
        return csv(target, text, false).get(0);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as sent, read back as JSON. */
    public static JsonNode sent(VendorRequest request) {
        try {
            return JSON.readTree(request.bodyBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text body as JSON. */
    public static JsonNode body(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
