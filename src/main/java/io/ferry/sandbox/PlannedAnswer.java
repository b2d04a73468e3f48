package io.ferry.sandbox;

/**
 * What to do with one exchange: answer (after a delay) or close the connection without answering.
 *
 * @param response the answer, or null to close the connection without one
 * @param delayMs how long to wait before answering or closing
 */
record PlannedAnswer(SandboxResponse response, long delayMs) {

    static PlannedAnswer answer(SandboxResponse response, long delayMs) {
        return new PlannedAnswer(response, delayMs);
    }

    static PlannedAnswer drop(long delayMs) {
        return new PlannedAnswer(null, delayMs);
    }
}
