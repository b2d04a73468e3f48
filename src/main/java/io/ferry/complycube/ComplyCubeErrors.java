package io.ferry.complycube;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;

/**
 * Parses ComplyCube error bodies, {@code {"type":"invalid_request","message":"...","param":"personDetails"}}
 * (api-reference.md §2.2). The type is the code; the param, when given, is added to the message so the report names
 * the field. A 403 gets the code FORBIDDEN (ComplyCube types it "unauthorized", like a 401), its type kept in the
 * message. Any other shape keeps the raw text, cut.
 */
public final class ComplyCubeErrors implements VendorErrorParser {

    public static final String FORBIDDEN = "FORBIDDEN";

    @Override
    public VendorError parse(int status, String body) {
        JsonNode node = VendorErrorParser.jsonOrNull(body);
        String type = node == null ? null : text(node, "type");
        String message = node == null ? null : text(node, "message");
        if (type == null && message == null) {
            return VendorError.unparsed(status, body);
        }
        String param = text(node, "param");
        String raw = VendorError.cut(body);
        String text = (message != null ? message : raw) + (param != null ? " (param: " + param + ")" : "");
        if (status == 403) {
            return new VendorError(status, type, FORBIDDEN, VendorError.cut((type != null ? type + ": " : "") + text), raw);
        }
        return new VendorError(status, type, type != null ? type : "HTTP_" + status, VendorError.cut(text), raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
