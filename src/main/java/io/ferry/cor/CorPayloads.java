package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Building blocks of COR bodies: the metadata every request carries, and optional fields. */
final class CorPayloads {

    private CorPayloads() {
    }

    /** A body starting with {@code "metadata":{"source":...}}. */
    static ObjectNode metadata(String source) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("metadata").put("source", source);
        return body;
    }

    /** True when a body holds nothing but the metadata every request carries. */
    static boolean onlyMetadata(ObjectNode body) {
        return body.size() == 1 && body.has("metadata");
    }

    /** Sets the field when the record has a value; absent and cleared (null) fields are left out. */
    static void putIfValue(ObjectNode body, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            body.set(field, value);
        }
    }

    /** Sets the field when the record has it, a null included (an update clears it); absent fields are left out. */
    static void putIfPresent(ObjectNode body, String field, JsonNode value) {
        if (value != null) {
            body.set(field, value);
        }
    }
}
