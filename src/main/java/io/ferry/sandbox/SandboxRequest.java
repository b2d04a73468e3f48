package io.ferry.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the simulated APIs see it.
 *
 * @param method upper-case HTTP method
 * @param path raw path, e.g. {@code /cor/v2/integrations/clients/A%2F1}
 * @param rawQuery raw query string or null
 * @param segments the decoded path segments, e.g. {@code [cor, v2, integrations, clients, A/1]}
 * @param query decoded query parameters (the first value of each name)
 * @param headers request headers; lookups through {@link #header(String)} ignore case
 * @param body the raw body, empty when none
 */
record SandboxRequest(
        String method,
        String path,
        String rawQuery,
        List<String> segments,
        Map<String, String> query,
        Map<String, List<String>> headers,
        byte[] body) {

    /** The first value of a header, or null. The map given is expected to ignore case (JDK {@code Headers} does). */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String query(String name) {
        return query.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The path and query as the client sent them. */
    String pathAndQuery() {
        return rawQuery == null ? path : path + "?" + rawQuery;
    }

    /** Number of path segments after the vendor prefix segment. */
    int depth() {
        return segments.size();
    }

    String segment(int index) {
        return segments.get(index);
    }
}
