package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Turns a vendor's error body into a {@link VendorError}; each vendor has its own shape. */
@FunctionalInterface
public interface VendorErrorParser {

    VendorError parse(int status, String body);

    /** The body as JSON, or null when it is empty or not JSON (the caller then keeps the raw text). */
    static JsonNode jsonOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Holder of the shared, thread-safe reader. */
    final class Json {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
