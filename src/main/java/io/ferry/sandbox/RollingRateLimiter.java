package io.ferry.sandbox;

/** Admits at most N requests in any rolling second (an exact sliding log), or everything when N is 0. */
final class RollingRateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final long[] admitted;
    private int next;
    private int filled;

    RollingRateLimiter(int perSecond) {
        admitted = new long[perSecond];
    }

    boolean unlimited() {
        return admitted.length == 0;
    }

    synchronized boolean tryAcquire() {
        if (unlimited()) {
            return true;
        }
        long now = System.nanoTime();
        // admitted[next] is the oldest of the last N admissions; a new one fits only if it left the window.
        if (filled == admitted.length && now - admitted[next] < WINDOW_NANOS) {
            return false;
        }
        admitted[next] = now;
        next = (next + 1) % admitted.length;
        filled = Math.min(filled + 1, admitted.length);
        return true;
    }

    synchronized void reset() {
        next = 0;
        filled = 0;
    }
}
