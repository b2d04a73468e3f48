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
 */
record FieldRule(String field, List<String> from, String separator, String constant, String fallback,
                 List<Transform> transforms) {

    /** The field's value for one input record, or null when it has none. */
    JsonNode valueFor(ObjectNode input) {
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
        if (isEmpty(value) && fallback != null) {
            return JsonNodeFactory.instance.textNode(fallback);
        }
        return isEmpty(value) ? null : value;
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
