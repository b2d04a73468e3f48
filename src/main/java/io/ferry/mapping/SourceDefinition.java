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

    /** The payload fields of one target for one input record; a rule that fails names the field and its input. */
    public ObjectNode map(String target, ObjectNode input) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (FieldRule rule : targets.get(target)) {
            JsonNode value;
            try {
                value = rule.valueFor(input);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field '" + rule.field() + "'"
                        + (rule.from().isEmpty() ? "" : " (from '" + String.join("', '", rule.from()) + "')") + ": "
                        + e.getMessage());
            }
            if (value != null) {
                FieldPaths.put(payload, rule.field(), value);
            }
        }
        return payload;
    }
}
