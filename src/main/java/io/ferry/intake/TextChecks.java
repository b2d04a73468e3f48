package io.ferry.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Finds text a vendor must never receive: undecodable bytes (U+FFFD after decoding) and NUL characters. */
final class TextChecks {

    private TextChecks() {
    }

    /** The problem with the first bad text value below {@code node}, naming its field, or null when all is well. */
    static String problemIn(JsonNode node, String path) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.indexOf('\uFFFD') >= 0) {
                return "field '" + path + "' is not valid UTF-8 (is the file saved in another encoding, such as Latin-1?)";
            }
            if (text.indexOf('\0') >= 0) {
                return "field '" + path + "' contains a NUL byte";
            }
            return null;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String problem = problemIn(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = problemIn(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
