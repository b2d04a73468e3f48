package io.ferry.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How one payload field is made: from a column or JSON path (several are joined), or a constant, then transformed;
 * a default applies when the result is empty.
 *
 * @param field      the payload field, dotted for nested objects (companyDetails.name)
 * @param from       the input columns or dotted JSON paths (empty for a constant)
 * @param separator  joins several {@code from} values
 * @param constant   a fixed value, or null
 * @param fallback   the value when the result is empty, or null
 * @param transforms applied in order
 * @param onCreate   the constant or default goes to creates only ({@code on: create}): an update never overwrites
 *                   what the vendor holds with it. A value read from the input goes to updates as well
 */
record FieldRule(String field, List<String> from, String separator, String constant, String fallback,
                 List<Transform> transforms, boolean onCreate) {

    FieldRule(String field, List<String> from, String separator, String constant, String fallback,
              List<Transform> transforms) {
        this(field, from, separator, constant, fallback, transforms, false);
    }

    /** The field's value for one input record, and whether it goes to creates only. */
    record Value(JsonNode node, boolean createOnly) {
    }

    /** The field's value for one input record, or null when it has none (not even a default). */
    Value valueFor(ObjectNode input) {
        JsonNode value = transformed(input);
        if (!isEmpty(value)) {
            return new Value(value, onCreate && constant != null);
        }
        return fallback == null ? null : new Value(JsonNodeFactory.instance.textNode(fallback), onCreate);
    }

    // The constant, or the columns' value, transformed; null or empty when there is none.
    private JsonNode transformed(ObjectNode input) {
        JsonNode value;
        if (constant != null) {
            value = JsonNodeFactory.instance.textNode(constant);
        } else if (from.size() == 1) {
            value = lookup(input, from.get(0));
        } else {
            StringBuilder joined = new StringBuilder();
            for (String column : from) {
                JsonNode part = lookup(input, column);
                if (part != null && !part.asText().isBlank()) {
                    joined.append(joined.length() == 0 ? "" : separator).append(part.asText().strip());
                }
            }
            value = joined.length() == 0 ? null : JsonNodeFactory.instance.textNode(joined.toString());
        }
        if (value != null && !value.isNull()) {
            for (Transform transform : transforms) {
                value = transform.apply(value);
            }
        }
        return value;
    }

    /** A column name as written (it may contain dots), else a dotted path into nested JSON. */
    private static JsonNode lookup(JsonNode input, String column) {
        JsonNode direct = input.get(column);
        if (direct != null) {
            return direct;
        }
        JsonNode node = input;
        for (String part : column.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && value.textValue().isBlank()
                || value.isArray() && value.isEmpty();
    }
}
