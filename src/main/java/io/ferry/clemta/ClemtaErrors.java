package io.ferry.clemta;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;

/**
 * Parses Clemta error bodies, {@code {"success":false,"message":"Invalid request","data":null,
 * "error":{"code":"INVALID_REQUEST","details":"company_id is required"}}} (api-reference.md §3.2; data and details are
 * sometimes left out). The message is Clemta's message and details. ACCESS_DENIED (403) gets the code FORBIDDEN, its
 * own code kept in the message. Any other shape keeps the raw text, cut.
 */
public final class ClemtaErrors implements VendorErrorParser {

    public static final String FORBIDDEN = "FORBIDDEN";

    @Override
    public VendorError parse(int status, String body) {
        JsonNode node = VendorErrorParser.jsonOrNull(body);
        if (node == null || !node.isObject()) {
            return VendorError.unparsed(status, body);
        }
        String code = text(node.path("error"), "code");
        String message = text(node, "message");
        String details = text(node.path("error"), "details");
        if (code == null && message == null && details == null) {
            return VendorError.unparsed(status, body);
        }
        String raw = VendorError.cut(body);
        String text = message != null && details != null ? message + ": " + details
                : message != null ? message : details;
        if (status == 403) {
            return new VendorError(status, code, FORBIDDEN, VendorError.cut((code != null ? code + ": " : "") + text), raw);
        }
        return new VendorError(status, code, code != null ? code : "HTTP_" + status, VendorError.cut(text), raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
