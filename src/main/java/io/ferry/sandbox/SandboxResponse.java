package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of a simulated API before it is written to the wire.
 *
 * @param status HTTP status
 * @param body JSON body, or null for an empty body (e.g. 204)
 * @param headers extra response headers
 * @param rejection the error code counted in stats, null when the call succeeded
 */
record SandboxResponse(int status, JsonNode body, Map<String, String> headers, String rejection) {

    SandboxResponse {
        headers = Map.copyOf(headers);
    }

    static SandboxResponse success(int status, JsonNode body) {
        return new SandboxResponse(status, body, Map.of(), null);
    }

    static SandboxResponse rejected(int status, String code, JsonNode body) {
        return new SandboxResponse(status, body, Map.of(), code);
    }

    SandboxResponse withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new SandboxResponse(status, body, merged, rejection);
    }

    SandboxResponse withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    boolean succeeded() {
        return rejection == null && status < 400;
    }
}
