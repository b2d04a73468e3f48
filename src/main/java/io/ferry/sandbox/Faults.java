package io.ferry.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fault injection settings for one simulated API.
 *
 * <p>The five probabilities are drawn with a single random number per request, so their sum
 * must not exceed 1. {@code rate429} answers 429 with {@code Retry-After: retryAfterSeconds};
 * {@code rateReset} closes the connection without a response; {@code rateStall} holds the
 * request for {@code stallMs} and then closes the connection without a response. Injected
 * failures happen before the API logic, so they never change state. {@code latencyMs} plus a
 * random {@code 0..randomLatencyMs} delays every answer (after the API logic ran, like a slow
 * vendor whose work is done even if the client gives up waiting).
 *
 * <p>Property keys (suffixes of {@code sandbox.faults.<api>.}) and admin JSON keys: {@code
 * rate-500}, {@code rate-503}, {@code rate-429}, {@code retry-after-seconds}, {@code rate-reset},
 * {@code rate-stall}, {@code stall-ms}, {@code latency-ms}, {@code random-latency-ms}; JSON also
 * accepts the camelCase component names.
 */
public record Faults(
        double rate500,
        double rate503,
        double rate429,
        int retryAfterSeconds,
        double rateReset,
        double rateStall,
        long stallMs,
        long latencyMs,
        long randomLatencyMs) {

    /** No faults and no added latency. */
    public static final Faults NONE = new Faults(0, 0, 0, 1, 0, 0, 0, 0, 0);

    public Faults {
        for (double p : new double[] {rate500, rate503, rate429, rateReset, rateStall}) {
            if (p < 0 || p > 1 || Double.isNaN(p)) {
                throw new IllegalArgumentException("fault probabilities must be between 0 and 1");
            }
        }
        if (rate500 + rate503 + rate429 + rateReset + rateStall > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault probabilities add up to more than 1");
        }
        if (retryAfterSeconds < 0 || stallMs < 0 || latencyMs < 0 || randomLatencyMs < 0) {
            throw new IllegalArgumentException("fault durations must not be negative");
        }
    }

    public Faults withRate500(double p) {
        return new Faults(p, rate503, rate429, retryAfterSeconds, rateReset, rateStall, stallMs, latencyMs, randomLatencyMs);
    }

    public Faults withRate503(double p) {
        return new Faults(rate500, p, rate429, retryAfterSeconds, rateReset, rateStall, stallMs, latencyMs, randomLatencyMs);
    }

    public Faults withRate429(double p, int retryAfter) {
        return new Faults(rate500, rate503, p, retryAfter, rateReset, rateStall, stallMs, latencyMs, randomLatencyMs);
    }

    public Faults withRateReset(double p) {
        return new Faults(rate500, rate503, rate429, retryAfterSeconds, p, rateStall, stallMs, latencyMs, randomLatencyMs);
    }

    public Faults withStall(double p, long ms) {
        return new Faults(rate500, rate503, rate429, retryAfterSeconds, rateReset, p, ms, latencyMs, randomLatencyMs);
    }

    public Faults withLatency(long fixedMs, long randomMs) {
        return new Faults(rate500, rate503, rate429, retryAfterSeconds, rateReset, rateStall, stallMs, fixedMs, randomMs);
    }

    /** Reads the kebab-case keys listed above (camelCase accepted too); absent keys keep {@code base}'s value. */
    public static Faults parse(Map<String, String> values, Faults base) {
        Map<String, String> v = new LinkedHashMap<>();
        values.forEach((key, value) -> v.put(kebab(key), value.trim()));
        for (String key : v.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown fault setting: " + key);
            }
        }
        try {
            return new Faults(
                    probability(v, "rate-500", base.rate500),
                    probability(v, "rate-503", base.rate503),
                    probability(v, "rate-429", base.rate429),
                    (int) number(v, "retry-after-seconds", base.retryAfterSeconds),
                    probability(v, "rate-reset", base.rateReset),
                    probability(v, "rate-stall", base.rateStall),
                    number(v, "stall-ms", base.stallMs),
                    number(v, "latency-ms", base.latencyMs),
                    number(v, "random-latency-ms", base.randomLatencyMs));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault settings must be numbers: " + values, e);
        }
    }

    /** The settings as kebab-case keys, the shape the admin endpoint accepts and returns. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate-500", rate500);
        m.put("rate-503", rate503);
        m.put("rate-429", rate429);
        m.put("retry-after-seconds", retryAfterSeconds);
        m.put("rate-reset", rateReset);
        m.put("rate-stall", rateStall);
        m.put("stall-ms", stallMs);
        m.put("latency-ms", latencyMs);
        m.put("random-latency-ms", randomLatencyMs);
        return m;
    }

    private static final java.util.Set<String> KEYS = java.util.Set.of(
            "rate-500", "rate-503", "rate-429", "retry-after-seconds", "rate-reset",
            "rate-stall", "stall-ms", "latency-ms", "random-latency-ms");

    private static double probability(Map<String, String> v, String key, double fallback) {
        return v.containsKey(key) ? Double.parseDouble(v.get(key)) : fallback;
    }

    private static long number(Map<String, String> v, String key, long fallback) {
        return v.containsKey(key) ? Long.parseLong(v.get(key)) : fallback;
    }

    // "retryAfterSeconds" and "rate503" become "retry-after-seconds" and "rate-503".
    private static String kebab(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            char prev = i > 0 ? key.charAt(i - 1) : '-';
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else if (Character.isDigit(c) && Character.isLetter(prev)) {
                out.append('-').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
