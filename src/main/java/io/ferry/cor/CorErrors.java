package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;

/**
 * Parses COR error bodies, {@code {"status":400,"name":"CORCustomError","code":"CTR006","message":"..."}}
 * (api-reference.md §1.3; only CTR006 is documented in full). A named error without a code gets its name as the
 * code. Any other shape keeps the raw text, cut.
 */
public final class CorErrors implements VendorErrorParser {

    @Override
    public VendorError parse(int status, String body) {
        JsonNode node = VendorErrorParser.jsonOrNull(body);
        if (node == null || !node.isObject()) {
            return VendorError.unparsed(status, body);
        }
        String name = text(node, "name");
        String code = text(node, "code");
        String message = text(node, "message");
        if (name == null && code == null && message == null) {
            return VendorError.unparsed(status, body);
        }
        String raw = VendorError.cut(body);
        return new VendorError(status, name, code != null ? code : name != null ? name : "HTTP_" + status,
                message != null ? VendorError.cut(message) : raw, raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank() ? null
                : value.asText();
    }
}
