package io.ferry.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import java.io.IOException;
import java.io.Reader;

/**
 * Streams a JSON document that is one object or an array of objects, one element at a time. After a syntax error
 * the rest of the document cannot be trusted, so the error becomes the last (rejected) row.
 */
final class JsonRecordReader extends LazyRecordReader {

    private final JsonParser parser;
    private final ObjectMapper mapper;
    private final RecordFactory records;
    private final IntakeLimits limits;
    private final boolean array;
    private long row;
    private boolean done;

    JsonRecordReader(Reader reader, ObjectMapper mapper, RecordFactory records, IntakeLimits limits)
            throws IOException {
        this.mapper = mapper;
        this.records = records;
        this.limits = limits;
        this.parser = mapper.getFactory().createParser(reader);
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            parser.close();
            throw new UnreadableInputException("invalid JSON" + at(e.getLocation()) + ": "
                    + JsonErrors.describe(e, limits));
        }
        if (first == null) {
            parser.close();
            throw new UnreadableInputException("there is no JSON content");
        }
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            parser.close();
            throw new UnreadableInputException("expected a JSON object or an array of objects, found " + describe(first));
        }
        this.array = first == JsonToken.START_ARRAY;
    }

    @Override
    protected Record readNext() {
        if (done) {
            return null;
        }
        row++;
        try {
            if (!array && row > 1) {
                return trailing();
            }
            JsonToken token = array ? parser.nextToken() : parser.currentToken();
            if (token == JsonToken.END_ARRAY) {
                return trailing();
            }
            if (token == null) {
                done = true;
                return records.malformed(row, "truncated JSON: the array is never closed");
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return records.malformed(row, "element " + row + " is " + describe(token) + ", expected an object");
            }
            JsonNode node = mapper.readTree(parser);
            return records.record(row, (ObjectNode) node);
        } catch (JsonEOFException e) {
            done = true;
            return records.malformed(row, "truncated JSON: the file ends inside element " + row + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            done = true;
            return records.malformed(row, "invalid JSON" + at(e.getLocation()) + ": " + JsonErrors.describe(e, limits));
        } catch (IOException e) {
            done = true;
            return records.malformed(row, "cannot read JSON: " + e.getMessage());
        }
    }

    /** After the document: nothing else may follow. */
    private Record trailing() throws IOException {
        done = true;
        JsonToken extra = parser.nextToken();
        if (extra == null) {
            return null;
        }
        return records.malformed(row, "unexpected content after the JSON document" + at(parser.currentLocation()));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    @Override
    protected void release() throws IOException {
        parser.close();
    }
}
