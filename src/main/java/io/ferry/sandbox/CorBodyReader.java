package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Reads and validates the parts of COR request bodies that every endpoint shares. */
final class CorBodyReader {

    private final JsonObjectReader json;

    CorBodyReader(JsonObjectReader json) {
        this.json = json;
    }

    ObjectNode object(SandboxRequest request) {
        return json.read(request, reason -> CorError.validation(reason).rejection());
    }

    /** {@code metadata.source}: required on every call, even DELETE, and one of the documented values. */
    String source(ObjectNode body) {
        JsonNode source = body.path("metadata").path("source");
        if (!source.isTextual() || source.asText().isBlank()) {
            throw CorError.validation("metadata.source is required").rejection();
        }
        if (!CorSourceList.ALLOWED.contains(source.asText())) {
            throw CorError.invalidSource(source.asText()).rejection();
        }
        return source.asText();
    }

    String requiredString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw CorError.validation(field + " is required").rejection();
        }
        if (!value.isTextual()) {
            throw CorError.validation(field + " must be a string").rejection();
        }
        return value.asText();
    }

    /**
     * Copies the free-text fields present in {@code from}. COR does not document what a null does: the sandbox takes
     * it as "clear this field" (docs/cor.md).
     */
    void copyStrings(ObjectNode from, ObjectNode to, List<String> fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value == null) {
                continue;
            }
            if (!value.isTextual() && !value.isNull()) {
                throw CorError.validation(field + " must be a string").rejection();
            }
            to.set(field, value);
        }
    }

    /** Copies validated string fields (a contract's type and status): COR validates them on every call, so no null. */
    void copyValidatedStrings(ObjectNode from, ObjectNode to, List<String> fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value == null) {
                continue;
            }
            if (!value.isTextual()) {
                throw CorError.validation(field + " must be a string").rejection();
            }
            to.set(field, value);
        }
    }

    /**
     * Copies a {@code YYYY-MM-DD} field if present; {@code label} names it in the error ("start", "end"). COR validates
     * dates on update as on create, so a null is an invalid date too.
     */
    void copyDate(ObjectNode from, ObjectNode to, String field, String label) {
        JsonNode value = from.get(field);
        if (value == null) {
            return;
        }
        if (value.isNull() || IsoDates.date(value) == null) {
            throw CorError.validation("Invalid " + label + " date format: " + value.asText()).rejection();
        }
        to.set(field, value);
    }

    /** Copies a number if present; a null is not a number. */
    void copyNumber(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw CorError.validation(field + " must be a number").rejection();
        }
        to.set(field, value);
    }
}
