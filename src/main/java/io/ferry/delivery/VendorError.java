package io.ferry.delivery;

/**
 * A vendor's error answer, parsed.
 *
 * @param status  the HTTP status
 * @param name    the error's name or type (COR ValidationError, ComplyCube invalid_request), or null
 * @param code    the error code (COR CTR006; the name when the vendor gives none), or null
 * @param message the vendor's message, or a cut of the raw body when the shape is unknown
 * @param raw     the body as received, cut to {@value #RAW_LIMIT} characters
 */
public record VendorError(int status, String name, String code, String message, String raw) {

    public static final int RAW_LIMIT = 500;

    /** An answer whose shape is unknown: the raw text, cut, stands in for the message. */
    public static VendorError unparsed(int status, String body) {
        String raw = cut(body);
        return new VendorError(status, null, "HTTP_" + status, raw.isEmpty() ? "HTTP " + status : raw, raw);
    }

    /** Text cut to {@value #RAW_LIMIT} characters with whitespace runs folded, so it fits a report cell. */
    public static String cut(String text) {
        if (text == null) {
            return "";
        }
        String folded = text.replaceAll("\\s+", " ").trim();
        return folded.length() <= RAW_LIMIT ? folded : folded.substring(0, RAW_LIMIT) + "...";
    }

    /** True when the name or the code equals the given value. */
    public boolean is(String nameOrCode) {
        return nameOrCode.equals(name) || nameOrCode.equals(code);
    }
}
