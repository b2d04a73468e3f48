package io.ferry.intake;

import java.util.Locale;

/** The input formats Ferry reads, chosen by file extension or, for queue messages, by the first character. */
public enum InputFormat {
    CSV, JSON, NDJSON;

    /** The format for a file name, or null when the extension is not one Ferry reads. */
    public static InputFormat ofFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return NDJSON;
        }
        return null;
    }

    /** A message body is JSON when it starts with '{' or '[' (after white space or a BOM), CSV otherwise. */
    public static InputFormat ofMessage(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{' || c == '[') {
                return JSON;
            }
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return CSV;
            }
        }
        return CSV;
    }
}
