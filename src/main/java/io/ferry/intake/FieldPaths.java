package io.ferry.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns dotted column names (personDetails.firstName) into nested JSON objects. */
public final class FieldPaths {

    private FieldPaths() {
    }

    /** Rejects headers where one column is a prefix object of another (billing and billing.email). */
    static void checkCompatible(List<String> headers) {
        Set<String> leaves = new HashSet<>();
        Set<String> parents = new HashSet<>();
        for (String header : headers) {
            if (header.isEmpty()) {
                continue;
            }
            String[] parts = header.split("\\.", -1);
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].isEmpty()) {
                    throw new UnreadableInputException("header '" + header + "' has an empty path segment");
                }
                prefix.append(i == 0 ? "" : ".").append(parts[i]);
                parents.add(prefix.toString());
            }
            if (parts[parts.length - 1].isEmpty()) {
                throw new UnreadableInputException("header '" + header + "' has an empty path segment");
            }
            leaves.add(header);
        }
        for (String leaf : leaves) {
            if (parents.contains(leaf)) {
                throw new UnreadableInputException("header '" + leaf + "' is both a value and the parent of another column");
            }
        }
    }

    /** Sets {@code value} at the dotted {@code path} below {@code root}, creating objects on the way. */
    public static void put(ObjectNode root, String path, JsonNode value) {
        ObjectNode node = root;
        int start = 0;
        int dot;
        while ((dot = path.indexOf('.', start)) >= 0) {
            String part = path.substring(start, dot);
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode object ? object : node.putObject(part);
            start = dot + 1;
        }
        node.set(path.substring(start), value);
    }

    /** The last segment of a dotted path. */
    static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
