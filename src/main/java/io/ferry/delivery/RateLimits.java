package io.ferry.delivery;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * Client-side rate limits, one token bucket per vendor shared by every delivery lane: a call takes a token before it
 * goes out and, when none is left, waits for the next one (a wait, counted in metrics; never a failure). Tokens come
 * at {@code rate × headroom} per second and at most {@code burst} of them are saved up, so that over any second
 * Ferry stays under the vendor's own limit even with a little jitter on the way, and no 429 is ever provoked.
 * A vendor without a limit (rate 0) never waits.
 */
public final class RateLimits {

    /** Told about every wait: vendor (lower case) and how long the call waited. */
    public interface WaitListener {
        void waited(String vendor, long nanos);
    }

    private final ToDoubleFunction<String> ratePerSecond;
    private final ToDoubleFunction<String> burst;
    private final double headroom;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile WaitListener listener = (vendor, nanos) -> { };

    /**
     * @param ratePerSecond requests per second a vendor (lower case: cor, complycube, clemta) allows; 0: unlimited
     * @param burst         tokens a vendor may save up (calls sent at once after a pause); at least 1
     * @param headroom      fraction of the vendor's rate Ferry uses (0.97: 3% below it)
     */
    public RateLimits(ToDoubleFunction<String> ratePerSecond, ToDoubleFunction<String> burst, double headroom) {
        if (headroom <= 0 || headroom > 1) {
            throw new IllegalArgumentException("configuration ferry.rate-limit.headroom must be in (0, 1], not "
                    + headroom);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.headroom = headroom;
    }

    public void listener(WaitListener listener) {
        this.listener = listener;
    }

    /** Waits, when needed, until {@code vendor} may be called once more. */
    public void acquire(String vendor) {
        if (vendor == null) {
            return;
        }
        String key = vendor.toLowerCase(Locale.ROOT);
        Bucket bucket = buckets.computeIfAbsent(key, v -> new Bucket(ratePerSecond.applyAsDouble(v) * headroom,
                Math.max(1, burst.applyAsDouble(v))));
        long waitNanos = bucket.reserve(System.nanoTime());
        if (waitNanos <= 0) {
            return;
        }
        long until = System.nanoTime() + waitNanos;
        for (long left = waitNanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        listener.waited(key, waitNanos);
    }

    /** The configured rate of a vendor Ferry paces itself at, in calls per second (0: unlimited). */
    public double effectiveRate(String vendor) {
        return ratePerSecond.applyAsDouble(vendor.toLowerCase(Locale.ROOT)) * headroom;
    }

    /**
     * A token bucket as a reservation clock: {@code next} is when the next token is due. Taking a token moves it
     * on by one interval; tokens not taken accumulate up to the burst size. Reservations are handed out in arrival
     * order, so waiting calls go out evenly spaced.
     */
    static final class Bucket {
        private final long intervalNanos;
        private final long burstNanos;
        private long next;
        private boolean started;

        Bucket(double perSecond, double burst) {
            this.intervalNanos = perSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
            this.burstNanos = (long) ((burst - 1) * intervalNanos);
        }

        /** Takes a token at {@code now}: how long to wait for it (0: at once). */
        synchronized long reserve(long now) {
            if (intervalNanos == 0) {
                return 0;
            }
            if (!started) {
                started = true;
                next = now;
            }
            // Saved-up tokens: never more than the burst.
            long earliest = Math.max(next, now - burstNanos);
            next = earliest + intervalNanos;
            return Math.max(0, earliest - now);
        }
    }
}
