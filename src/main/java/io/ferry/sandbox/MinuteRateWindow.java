package io.ferry.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Clemta's per-key limit as a fixed clock-minute window, with the {@code X-RateLimit-*} headers
 * it reports on every response; a limit of 0 admits everything and reports nothing.
 */
final class MinuteRateWindow {

    /** The verdict for one request, and the headers to send with its answer. */
    record Decision(boolean allowed, Map<String, String> headers, long retryAfterSeconds) {
    }

    private final int limit;
    private long windowStart;
    private int used;

    MinuteRateWindow(int perMinute) {
        this.limit = perMinute;
    }

    synchronized Decision acquire() {
        if (limit == 0) {
            return new Decision(true, Map.of(), 0);
        }
        long now = roll();
        boolean allowed = used < limit;
        if (allowed) {
            used++;
        }
        return new Decision(allowed, headers(), Math.max(1, windowStart + 60 - now));
    }

    /** The current headers without counting a request (for answers refused before the limit applies). */
    synchronized Map<String, String> peek() {
        if (limit == 0) {
            return Map.of();
        }
        roll();
        return headers();
    }

    synchronized void reset() {
        windowStart = 0;
        used = 0;
    }

    private long roll() {
        long now = System.currentTimeMillis() / 1000;
        long start = now - now % 60;
        if (start != windowStart) {
            windowStart = start;
            used = 0;
        }
        return now;
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-RateLimit-API", limit + " requests per minute");
        h.put("X-RateLimit-Limit", String.valueOf(limit));
        h.put("X-RateLimit-Remaining", String.valueOf(Math.max(0, limit - used)));
        h.put("X-RateLimit-Reset", String.valueOf(windowStart + 60));
        h.put("X-RateLimit-Type", "api_key");
        return h;
    }
}
