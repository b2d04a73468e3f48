package io.ferry.record;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One input record bound for one target: the fields as nested JSON, or the reason it could not be read.
 *
 * @param target     the target name (cor-clients, cor-contracts, ...)
 * @param source     where it came from
 * @param externalId the record's natural key, or null when absent
 * @param fields     the record's fields as nested JSON; null when {@code problem} is set
 * @param problem    why the input could not be turned into a record (malformed row), else null
 */
public record Record(String target, Source source, String externalId, ObjectNode fields, String problem) {

    public static Record of(String target, Source source, String externalId, ObjectNode fields) {
        return new Record(target, source, externalId, fields, null);
    }

    public static Record malformed(String target, Source source, String problem) {
        return new Record(target, source, null, null, problem);
    }

    public boolean isMalformed() {
        return problem != null;
    }
}
