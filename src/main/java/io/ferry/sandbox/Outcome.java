package io.ferry.sandbox;

/**
 * What to do with one exchange: answer (after a delay) or close the connection without answering.
 *
 * @param response the answer, or null to close the connection without one
 * @param delayMs how long to wait before answering or closing
 */
record Outcome(SandboxResponse response, long delayMs) {

    static Outcome answer(SandboxResponse response, long delayMs) {
        return new Outcome(response, delayMs);
    }

    static Outcome drop(long delayMs) {
        return new Outcome(null, delayMs);
    }
}
