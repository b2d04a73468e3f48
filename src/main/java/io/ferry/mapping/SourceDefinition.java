package io.ferry.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.intake.FieldPaths;
import java.util.List;
import java.util.Map;

/**
 * A source (an inbox folder and a queue of its own name) whose records go to several targets, each through its own
 * field mapping.
 *
 * @param name    the source name: inbox/{name}/ and the queue sync.in.{name}
 * @param file    the mapping file it was read from
 * @param targets the field rules per target, in the file's order
 */
public record SourceDefinition(String name, String file, Map<String, List<FieldRule>> targets) {

    /**
     * A target's payload fields of one input record: those every request may send, and those only a create sends
     * (constants and defaults marked {@code on: create}; null when there are none).
     */
    public record Mapped(ObjectNode fields, ObjectNode createOnly) {
    }

    /** The payload fields of one target for one input record; a rule that fails names the field and its input. */
    public Mapped map(String target, ObjectNode input) {
        return map(targets.get(target), input);
    }

    /** The fields among {@code keys} of one target for one input record (its external id), as {@link #map} makes them. */
    public ObjectNode mapKeys(String target, List<String> keys, ObjectNode input) {
        Mapped mapped = map(targets.get(target).stream().filter(rule -> keys.contains(rule.field())).toList(), input);
        return mapped.fields();
    }

    private static Mapped map(List<FieldRule> rules, ObjectNode input) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        ObjectNode createOnly = null;
        for (FieldRule rule : rules) {
            FieldRule.Value value;
            try {
                value = rule.valueFor(input);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field '" + rule.field() + "'"
                        + (rule.from().isEmpty() ? "" : " (from '" + String.join("', '", rule.from()) + "')") + ": "
                        + e.getMessage());
            }
            if (value == null) {
                continue;
            }
            if (value.createOnly()) {
                createOnly = createOnly == null ? JsonNodeFactory.instance.objectNode() : createOnly;
                FieldPaths.put(createOnly, rule.field(), value.node());
            } else {
                FieldPaths.put(payload, rule.field(), value.node());
            }
        }
        return new Mapped(payload, createOnly);
    }
}
