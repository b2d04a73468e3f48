package io.ferry.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * A request the sandbox received, as kept in its journal; secrets are already redacted to {@code ***}.
 *
 * @param at when the sandbox answered it (or dropped it)
 * @param api the API it addressed ({@code cor}, {@code complycube}, {@code clemta})
 * @param method HTTP method
 * @param path path and query as sent
 * @param headers header names in lower case; several values joined with {@code ", "}
 * @param body the body as UTF-8 text, empty when none
 * @param status the status answered, 0 when the connection was closed without an answer
 */
public record RecordedRequest(
        Instant at,
        String api,
        String method,
        String path,
        Map<String, String> headers,
        String body,
        int status) {

    public RecordedRequest {
        headers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(headers));
    }

    /** A header by name, ignoring case, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
