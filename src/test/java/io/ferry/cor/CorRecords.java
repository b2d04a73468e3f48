package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds records for the COR tests the way intake does (fields as JSON, external id from the key fields). */
final class CorRecords {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Targets TARGETS = Targets.defaults("external_id");

    private CorRecords() {
    }

    static Record record(String target, String fieldsJson) {
        ObjectNode fields = (ObjectNode) json(fieldsJson);
        return Record.of(target, Source.file("test.csv", 1), TARGETS.externalId(target, fields), fields);
    }

    /** The records of a CSV text, read by Ferry's own intake reader (empty cells omitted, or null when clearing). */
    static java.util.List<Record> csv(String target, String text, boolean emptyCellsClear) {
        io.ferry.intake.IntakeLimits defaults = io.ferry.intake.IntakeLimits.defaults();
        io.ferry.intake.IntakeLimits limits = new io.ferry.intake.IntakeLimits(defaults.charset(), defaults.delimiter(),
                defaults.listSeparator(), defaults.listColumns(), emptyCellsClear, defaults.maxRecordChars(),
                defaults.maxColumns(), defaults.maxNestingDepth());
        java.util.List<Record> records = new java.util.ArrayList<>();
        try (io.ferry.intake.RecordIterator it = new io.ferry.intake.RecordReaders(TARGETS, limits).open(
                io.ferry.intake.InputFormat.CSV, new java.io.StringReader(text), target, row -> Source.file("t.csv", row))) {
            it.forEachRemaining(records::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    static Record csv(String target, String text) {
        return csv(target, text, false).get(0);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as sent, read back as JSON (numbers as the receiver sees them). */
    static JsonNode sent(io.ferry.delivery.VendorRequest request) {
        try {
            return JSON.readTree(request.bodyBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
