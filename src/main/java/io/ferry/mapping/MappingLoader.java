package io.ferry.mapping;

import java.io.IOException;
import java.io.Reader;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a mapping file (config/mappings/*.yaml). Every mistake — unknown target or transform, bad date pattern, a
 * field without a source — stops start-up with the file and line.
 * <pre>
 * source: salesforce-accounts            # inbox/salesforce-accounts/ and queue sync.in.salesforce-accounts
 * targets:
 *   cor-clients:
 *     id: Account ID                     # shorthand for {from: Account ID}
 *     name: {from: Account Name, transform: [trim]}
 *     description: {from: [Industry, Type], separator: " / "}
 *     metadata.source: {constant: SALESFORCE}
 *     email_contact: {from: Email, transform: [trim, lower], default: ops@example.com}
 *     start_date: {from: Start Date, transform: [{date: M/d/yyyy}]}
 *     status: {from: Status, transform: [{map: {Activated: active, Draft: pending}}]}
 *     type: {constant: retainer, on: create}   # sent when the entity is created, never on an update
 * </pre>
 * Transforms: trim, upper, lower, first-name, last-name, {date: pattern}, {map: {...}}, {split: separator}.
 */
public final class MappingLoader {

    private static final Set<String> FIELD_KEYS = Set.of("from", "separator", "constant", "default", "transform", "on");

    private final Set<String> knownTargets;

    public MappingLoader(Set<String> knownTargets) {
        this.knownTargets = knownTargets;
    }

    public SourceDefinition load(String file, Reader reader) throws IOException {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeReader(reader)
                    .orElseThrow(() -> new MappingException(file, 1, "the file is empty"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(1);
            throw new MappingException(file, line, "not valid YAML: " + e.getProblem());
        }
        Map<String, Node> top = entries(file, root, Set.of("source", "targets"));
        String name = scalar(file, required(file, root, top, "source"));
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new MappingException(file, line(top.get("source")), "source '" + name
                    + "' must be lower case letters, digits and dashes (it names a folder and a queue)");
        }
        if (knownTargets.contains(name)) {
            throw new MappingException(file, line(top.get("source")), "source '" + name + "' is a target's name");
        }
        Map<String, List<FieldRule>> targets = new LinkedHashMap<>();
        Node targetsNode = required(file, root, top, "targets");
        for (Map.Entry<String, Node> target : entries(file, targetsNode, null).entrySet()) {
            if (!knownTargets.contains(target.getKey())) {
                throw new MappingException(file, line(target.getValue()), "unknown target '" + target.getKey()
                        + "' (targets: " + String.join(", ", knownTargets) + ")");
            }
            List<FieldRule> rules = new ArrayList<>();
            for (Map.Entry<String, Node> field : entries(file, target.getValue(), null).entrySet()) {
                rules.add(rule(file, field.getKey(), field.getValue()));
            }
            targets.put(target.getKey(), rules);
        }
        if (targets.isEmpty()) {
            throw new MappingException(file, line(targetsNode), "targets is empty");
        }
        return new SourceDefinition(name, file, targets);
    }

    private FieldRule rule(String file, String field, Node node) {
        if (node instanceof ScalarNode shorthand) {
            return new FieldRule(field, List.of(shorthand.getValue()), " ", null, null, List.of());
        }
        Map<String, Node> spec = entries(file, node, FIELD_KEYS);
        List<String> from = spec.containsKey("from") ? scalars(file, spec.get("from")) : List.of();
        String constant = spec.containsKey("constant") ? scalar(file, spec.get("constant")) : null;
        if (from.isEmpty() == (constant == null)) {
            throw new MappingException(file, line(node), "field '" + field + "' needs either from or constant");
        }
        List<Transform> transforms = new ArrayList<>();
        if (spec.containsKey("transform")) {
            Node list = spec.get("transform");
            if (!(list instanceof SequenceNode sequence)) {
                throw new MappingException(file, line(list), "transform must be a list, e.g. [trim, lower]");
            }
            for (Node step : sequence.getValue()) {
                transforms.add(transform(file, step));
            }
        }
        String fallback = spec.containsKey("default") ? scalar(file, spec.get("default")) : null;
        boolean onCreate = false;
        if (spec.containsKey("on")) {
            String on = scalar(file, spec.get("on"));
            if (!on.equals("create")) {
                throw new MappingException(file, line(spec.get("on")), "on must be create (the constant or default"
                        + " then goes to creates only), not '" + on + "'");
            }
            if (constant == null && fallback == null) {
                throw new MappingException(file, line(spec.get("on")), "field '" + field + "': on: create marks a"
                        + " constant or a default as create-only, and this field has neither");
            }
            onCreate = true;
        }
        return new FieldRule(field, from, spec.containsKey("separator") ? scalar(file, spec.get("separator")) : " ",
                constant, fallback, transforms, onCreate);
    }

    private Transform transform(String file, Node step) {
        if (step instanceof ScalarNode named) {
            Transform transform = Transform.named(named.getValue());
            if (transform == null) {
                throw new MappingException(file, line(step), "unknown transform '" + named.getValue()
                        + "' (known: trim, upper, lower, first-name, last-name, {date: pattern}, {map: {...}},"
                        + " {split: separator})");
            }
            return transform;
        }
        Map<String, Node> spec = entries(file, step, Set.of("date", "map", "split"));
        if (spec.size() != 1) {
            throw new MappingException(file, line(step), "a transform with a parameter is one of {date: pattern},"
                    + " {map: {...}} or {split: separator}");
        }
        Map.Entry<String, Node> only = spec.entrySet().iterator().next();
        return switch (only.getKey()) {
            case "date" -> {
                String pattern = scalar(file, only.getValue());
                try {
                    DateTimeFormatter.ofPattern(pattern);
                } catch (IllegalArgumentException e) {
                    throw new MappingException(file, line(only.getValue()), "bad date pattern '" + pattern + "': "
                            + e.getMessage());
                }
                yield Transform.date(pattern);
            }
            case "map" -> {
                Map<String, String> values = new LinkedHashMap<>();
                entries(file, only.getValue(), null).forEach((key, value) -> values.put(key, scalar(file, value)));
                yield Transform.map(values);
            }
            default -> Transform.split(scalar(file, only.getValue()));
        };
    }

    /** The keys of a YAML mapping, in order; refuses keys outside {@code allowed} (null: any). */
    private static Map<String, Node> entries(String file, Node node, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw new MappingException(file, line(node), "expected key: value pairs here");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(file, tuple.getKeyNode());
            if (allowed != null && !allowed.contains(key)) {
                throw new MappingException(file, line(tuple.getKeyNode()), "unknown key '" + key + "' (expected: "
                        + String.join(", ", allowed) + ")");
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw new MappingException(file, line(tuple.getKeyNode()), "'" + key + "' is given twice");
            }
        }
        return entries;
    }

    private static Node required(String file, Node parent, Map<String, Node> entries, String key) {
        Node node = entries.get(key);
        if (node == null) {
            throw new MappingException(file, line(parent), "'" + key + "' is missing");
        }
        return node;
    }

    private static List<String> scalars(String file, Node node) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(item -> scalar(file, item)).toList();
        }
        return List.of(scalar(file, node));
    }

    private static String scalar(String file, Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw new MappingException(file, line(node), "expected a single value here");
        }
        return scalar.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }
}
