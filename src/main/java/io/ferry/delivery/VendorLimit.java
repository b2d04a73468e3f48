package io.ferry.delivery;

import com.netflix.concurrency.limits.limit.AbstractLimit;
import com.netflix.concurrency.limits.limit.AIMDLimit;

/**
 * The concurrency limit of an adaptive vendor: additive increase, multiplicative decrease, as concurrency-limits'
 * {@link AIMDLimit}, but with the increase TCP uses once the vendor has pushed back. Until the first back-off it grows
 * by one per answer that came in time while at least half of the limit was in use (a fast start: the limit about
 * doubles per round trip); from then on by one per {@code limit} such answers, about one per round trip. It shrinks to
 * {@code backoff} × itself for every dropped call (408, 429, 503, timeout, refused connection) and every answer slower
 * than the latency limit; always between {@code min} and {@code max}.
 *
 * <p>Why not {@link AIMDLimit} itself: it grows by one per answer for ever. Once it has found the vendor's capacity it
 * climbs back over it a few answers after each back-off, so that about one call in three met a 429 when the
 * sandbox's capacity was below the maximum (benchmark row 8: 1,497 of 11,497 calls); growing once per round trip
 * there, the limit stays at the capacity and the 429s are the occasional probe.
 */
final class VendorLimit extends AbstractLimit {

    private final int min;
    private final int max;
    private final double backoff;
    private final long latencyLimitNanos;
    private boolean pushedBack;
    private int answers;

    VendorLimit(int initial, int min, int max, double backoff, long latencyLimitNanos) {
        super(initial);
        this.min = min;
        this.max = max;
        this.backoff = backoff;
        this.latencyLimitNanos = latencyLimitNanos;
    }

    /** Called under the limit's lock (AbstractLimit.onSample is synchronized). */
    @Override
    protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
        int limit = getLimit();
        if (didDrop || rtt > latencyLimitNanos) {
            pushedBack = true;
            answers = 0;
            return Math.max(min, Math.min(max, (int) (limit * backoff)));
        }
        if (inflight * 2 < limit) {
            // Most of the limit unused: an answer in time says nothing about a larger one.
            return limit;
        }
        if (pushedBack && ++answers < limit) {
            return limit;
        }
        answers = 0;
        return Math.min(max, limit + 1);
    }

    @Override
    public String toString() {
        return "VendorLimit[limit=" + getLimit() + ", min=" + min + ", max=" + max + ", backoff=" + backoff + "]";
    }
}
