package io.ferry.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import java.io.IOException;
import java.io.Reader;

/** Streams newline-delimited JSON: one object per line; a bad line is rejected and the next one is read. */
final class NdjsonRecordReader extends LazyRecordReader {

    private final Reader reader;
    private final ObjectReader mapper;
    private final RecordFactory records;
    private final IntakeLimits limits;
    private final int maxChars;
    private final char[] buffer = new char[16384];
    private int position;
    private int length;
    private long line;
    private boolean eof;

    NdjsonRecordReader(Reader reader, ObjectReader mapper, RecordFactory records, IntakeLimits limits) {
        this.reader = reader;
        this.mapper = mapper;
        this.records = records;
        this.limits = limits;
        this.maxChars = limits.maxRecordChars();
    }

    @Override
    protected Record readNext() throws IOException {
        while (!eof) {
            StringBuilder text = new StringBuilder(256);
            boolean tooLong = false;
            int c;
            while ((c = read()) >= 0 && c != '\n') {
                if (text.length() < maxChars) {
                    text.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            eof = c < 0;
            line++;
            if (tooLong) {
                return records.malformed(line, "line " + line + " is longer than " + maxChars
                        + " characters (limit ferry.intake.max-record-chars)");
            }
            String json = text.toString().strip();
            if (line == 1 && json.startsWith("\uFEFF")) {
                json = json.substring(1).strip();
            }
            if (json.isEmpty()) {
                continue;
            }
            return parse(json);
        }
        return null;
    }

    private Record parse(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                return records.malformed(line, "line " + line + " is " + (node.isArray() ? "an array" : "not an object")
                        + ", expected one JSON object per line");
            }
            return records.record(line, object);
        } catch (JsonProcessingException e) {
            String column = e.getLocation() == null ? "" : ", column " + e.getLocation().getColumnNr();
            return records.malformed(line, "invalid JSON on line " + line + column + ": "
                    + JsonErrors.describe(e, limits));
        }
    }

    private int read() throws IOException {
        if (position == length) {
            length = reader.read(buffer, 0, buffer.length);
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    @Override
    protected void release() throws IOException {
        reader.close();
    }
}
