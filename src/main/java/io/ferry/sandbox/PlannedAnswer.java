package io.ferry.sandbox;

/**
 * What to do with one exchange: answer (after a delay) or close the connection without answering.
 *
 * @param response the answer, or null to close the connection without one
 * @param delayMs how long to wait before answering or closing
 * @param done run once the answer is written or the connection closed (the request leaves its API's capacity)
 */
record PlannedAnswer(SandboxResponse response, long delayMs, Runnable done) {

    private static final Runnable NOTHING = () -> { };

    static PlannedAnswer answer(SandboxResponse response, long delayMs) {
        return new PlannedAnswer(response, delayMs, NOTHING);
    }

    static PlannedAnswer drop(long delayMs) {
        return new PlannedAnswer(null, delayMs, NOTHING);
    }

    PlannedAnswer whenDone(Runnable then) {
        return new PlannedAnswer(response, delayMs, then);
    }
}
