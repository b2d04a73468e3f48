package io.ferry.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * One input record bound for one target: the fields as nested JSON, or the reason it could not be read.
 *
 * @param target     the target name (cor-clients, cor-contracts, ...)
 * @param source     where it came from
 * @param externalId the record's natural key, or null when absent (or unreadable)
 * @param fields     the record's fields as nested JSON; null when {@code problem} is set
 * @param problem    why the input could not be turned into a record (malformed row), else null
 * @param createOnly values a mapping gives only to a create (a constant or default marked {@code on: create}), as
 *                   nested JSON; a field the record has itself wins. Null when there are none
 */
public record Record(String target, Source source, String externalId, ObjectNode fields, String problem,
                     ObjectNode createOnly) {

    public static Record of(String target, Source source, String externalId, ObjectNode fields) {
        return new Record(target, source, externalId, fields, null, null);
    }

    /** A record with values for its create only (see {@link #createFields}). */
    public static Record of(String target, Source source, String externalId, ObjectNode fields, ObjectNode createOnly) {
        return new Record(target, source, externalId, fields, null,
                createOnly == null || createOnly.isEmpty() ? null : createOnly);
    }

    public static Record malformed(String target, Source source, String problem) {
        return malformed(target, source, null, problem);
    }

    /** A record that cannot be read, with its external id when the id column could be read. */
    public static Record malformed(String target, Source source, String externalId, String problem) {
        return new Record(target, source, externalId, null, problem, null);
    }

    public boolean isMalformed() {
        return problem != null;
    }

    /**
     * The fields a create sends: the record's own, plus its create-only values for the fields it does not have. An
     * update sends the record's own fields only ({@link #fields}).
     */
    public ObjectNode createFields() {
        if (createOnly == null) {
            return fields;
        }
        ObjectNode merged = fields.deepCopy();
        fillIn(merged, createOnly);
        return merged;
    }

    private static void fillIn(ObjectNode into, ObjectNode values) {
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> value = it.next();
            JsonNode own = into.get(value.getKey());
            if (own == null || own.isNull()) {
                into.set(value.getKey(), value.getValue().deepCopy());
            } else if (own instanceof ObjectNode ownObject && value.getValue() instanceof ObjectNode nested) {
                fillIn(ownObject, nested);
            }
        }
    }
}
