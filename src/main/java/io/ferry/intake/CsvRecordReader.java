package io.ferry.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Streams CSV rows as records: header row first, dotted headers become nested fields, list columns become arrays. */
final class CsvRecordReader extends LazyRecordReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Reader reader;
    private final CsvRecordSplitter splitter;
    private final CSVFormat format;
    private final IntakeLimits limits;
    private final RecordFactory records;
    private final List<String> headers;
    // For a header name used twice: the first column index of that name.
    private final Map<Integer, Integer> duplicateOf = new HashMap<>();
    private long row;

    CsvRecordReader(Reader reader, IntakeLimits limits, RecordFactory records) throws IOException {
        this.reader = reader;
        this.limits = limits;
        this.records = records;
        this.format = CSVFormat.RFC4180.builder().setDelimiter(limits.delimiter()).setTrim(true)
                .setIgnoreEmptyLines(false).get();
        this.splitter = new CsvRecordSplitter(reader, limits.delimiter(), limits.maxRecordChars());
        this.headers = readHeader();
    }

    private List<String> readHeader() throws IOException {
        CsvRecordSplitter.Chunk chunk = splitter.next();
        if (chunk == null) {
            throw new UnreadableInputException("there is no header row");
        }
        if (chunk.problem() != null) {
            throw new UnreadableInputException("the header row cannot be read: " + chunk.problem());
        }
        List<String> names;
        try {
            names = new ArrayList<>(parse(chunk.text()));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableInputException("the header row cannot be read: " + e.getMessage());
        }
        if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
            names.set(0, names.get(0).substring(1).trim());
        }
        if (names.size() > limits.maxColumns()) {
            throw new UnreadableInputException("the header has " + names.size() + " columns; the limit is "
                    + limits.maxColumns() + " (ferry.intake.max-columns)");
        }
        if (names.stream().allMatch(String::isEmpty)) {
            throw new UnreadableInputException("the header row has no column names");
        }
        if (names.size() == 1) {
            for (char other : new char[] {';', '\t', '|'}) {
                if (other != limits.delimiter() && names.get(0).indexOf(other) >= 0) {
                    throw new UnreadableInputException("the header is a single column '" + names.get(0)
                            + "': the file looks separated by '" + (other == '\t' ? "tab" : String.valueOf(other))
                            + "', not '" + limits.delimiter() + "' (set ferry.csv.delimiter)");
                }
            }
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer first = firstIndex.putIfAbsent(names.get(i), i);
            if (first != null && !names.get(i).isEmpty()) {
                duplicateOf.put(i, first);
            }
        }
        FieldPaths.checkCompatible(names);
        return names;
    }

    private List<String> parse(String text) throws IOException {
        if (plain(text)) {
            return split(text);
        }
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> parsed = parser.getRecords();
            if (parsed.size() != 1) {
                throw new IOException("expected one record, found " + parsed.size());
            }
            return parsed.get(0).toList();
        }
    }

    // Most rows of an export quote nothing: those are cut at the delimiter directly, as the CSV parser would cut them
    // (values trimmed, as the format trims them), without a parser per row.
    private static boolean plain(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    private List<String> split(String text) {
        // Sized for a row of the header's width (the header row itself is split before there are headers).
        List<String> values = new ArrayList<>(headers == null ? 10 : headers.size());
        char delimiter = limits.delimiter();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == delimiter) {
                values.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        return values;
    }

    @Override
    protected Record readNext() {
        CsvRecordSplitter.Chunk chunk;
        try {
            chunk = splitter.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (chunk == null) {
            return null;
        }
        row++;
        if (chunk.problem() != null) {
            String field = chunk.field() >= 0 && chunk.field() < headers.size() && !headers.get(chunk.field()).isEmpty()
                    ? "field '" + headers.get(chunk.field()) + "': " : "";
            return records.malformed(row, "line " + chunk.line() + ": " + field + chunk.problem());
        }
        List<String> values;
        try {
            values = parse(chunk.text());
        } catch (IOException | RuntimeException e) {
            return records.malformed(row, "line " + chunk.line() + ": malformed CSV: " + describe(e));
        }
        if (values.size() < headers.size() || values.size() > headers.size() && !extraCellsEmpty(values)) {
            return records.malformed(row, "line " + chunk.line() + ": the row has " + values.size()
                    + " columns but the header has " + headers.size());
        }
        ObjectNode fields = JSON.objectNode();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i);
            String value = values.get(i);
            if (name.isEmpty()) {
                continue;
            }
            Integer first = duplicateOf.get(i);
            if (first != null) {
                String other = values.get(first);
                if (!value.isEmpty() && !other.isEmpty() && !value.equals(other)) {
                    return records.malformed(row, "columns " + (first + 1) + " and " + (i + 1) + " are both named '"
                            + name + "' but hold different values");
                }
                if (value.isEmpty()) {
                    continue;
                }
            }
            JsonNode node = cell(name, value);
            if (node != null) {
                FieldPaths.put(fields, name, node);
            }
        }
        return records.record(row, fields);
    }

    private JsonNode cell(String name, String value) {
        if (value.isEmpty()) {
            return limits.emptyCellsClear() ? JSON.nullNode() : null;
        }
        if (limits.listColumns().contains(FieldPaths.leaf(name))) {
            ArrayNode list = JSON.arrayNode();
            for (String item : value.split(java.util.regex.Pattern.quote(limits.listSeparator()))) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            return list;
        }
        return JSON.textNode(value);
    }

    /** Commons CSV's reason without its wrapper types and its position inside the one-record parse. */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceFirst(" at line: \\d+, position: (\\d+)", " at character $1");
    }

    private boolean extraCellsEmpty(List<String> values) {
        for (int i = headers.size(); i < values.size(); i++) {
            if (!values.get(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void release() throws IOException {
        reader.close();
    }
}
