package io.ferry.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Finds text a vendor must never receive: undecodable bytes and NUL characters. */
public final class TextChecks {

    /**
     * What the intake decoder puts in place of bytes it cannot decode: a high surrogate on its own, which decoding
     * never produces (it writes surrogates in pairs), so it cannot be mistaken for a character of the input.
     */
    static final char UNDECODABLE = '\uDBFF';

    private TextChecks() {
    }

    /** True when the text holds a surrogate without its pair: bytes the decoder could not read. */
    static boolean undecodable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The text as a report can show it: each undecodable place as U+FFFD. */
    public static String printable(String text) {
        return text == null || text.indexOf(UNDECODABLE) < 0 ? text : text.replace(UNDECODABLE, '\uFFFD');
    }

    /** The problem with the first bad text value below {@code node}, naming its field, or null when all is well. */
    static String problemIn(JsonNode node, String path) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (undecodable(text)) {
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
