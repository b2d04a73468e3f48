package io.ferry.delivery;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.apache.camel.Exchange;

/**
 * Client-side rate limits, one token bucket per vendor shared by every delivery lane: a call takes a token before it
 * goes out and, when none is left, waits for the next one (a wait, counted in metrics; never a failure). Tokens come
 * at {@code rate × headroom} per second and at most {@code burst} of them are saved up, so that calls go out evenly.
 * A vendor without a limit (rate 0) never waits.
 *
 * <p>Even spacing alone does not keep a vendor's rolling window: when the vendor (or the network) stalls for a moment,
 * calls sent evenly arrive together. So each limited vendor also has a {@link Window}: a call may go only when the
 * call {@code rate} calls before it was answered at least one second ago. The vendor counted that earlier call before
 * it answered, and counts this one after it is sent, so no rolling second ever holds more than {@code rate} calls,
 * whatever the pauses on either side. A 429 still answered ({@link #pushBack}) stops the vendor's tokens for its
 * Retry-After (or a second), so the calls waiting do not meet the same full window.
 */
public final class RateLimits {

    /** Told about every wait: vendor (lower case) and how long the call waited. */
    public interface WaitListener {
        void waited(String vendor, long nanos);
    }

    private final ToDoubleFunction<String> ratePerSecond;
    private final ToDoubleFunction<String> burst;
    private final double headroom;
    /** The ticket of a call that no window tracks (a vendor without a limit). */
    public static final long NO_TICKET = -1;
    // Waits shorter than this are the rounding of a free token, not throttling.
    private static final long WAIT_REPORTED = TimeUnit.MICROSECONDS.toNanos(100);

    private final Map<String, Limit> buckets = new ConcurrentHashMap<>();
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

    /**
     * Waits, when needed, until {@code vendor} may be called once more; returns the call's ticket, to be handed to
     * {@link #completed} when the vendor answered (or the call failed), or {@link #NO_TICKET}.
     */
    public long acquire(String vendor) {
        if (vendor == null) {
            return NO_TICKET;
        }
        String key = vendor.toLowerCase(Locale.ROOT);
        Limit limit = limit(key);
        long started = System.nanoTime();
        // What the limit asked this call to wait, as opposed to the time the call took: a thread descheduled for a
        // moment, or the first call of a vendor building its limit, did not wait for the vendor.
        long asked = limit.bucket.reserve(started);
        park(asked);
        long ticket = NO_TICKET;
        while (limit.window != null) {
            Window.Take take = limit.window.tryTake(System.nanoTime());
            if (take.granted()) {
                ticket = take.ticket();
                break;
            }
            asked += take.waitNanos();
            park(take.waitNanos());
            if (Thread.currentThread().isInterrupted()) {
                ticket = NO_TICKET;
                break;
            }
        }
        if (asked > WAIT_REPORTED) {
            listener.waited(key, System.nanoTime() - started);
        }
        return ticket;
    }

    /**
     * The route step just before a vendor's HTTP call (after its credentials, so that a call whose credentials could
     * not be had takes no token): waits for the token of the vendor the delivery step named
     * ({@link VendorCall#VENDOR}) and keeps the call's ticket on the exchange ({@link VendorCall#RATE_TICKET})
     * for {@link #completed} once it is answered.
     */
    public void take(Exchange exchange) {
        exchange.setProperty(VendorCall.RATE_TICKET, acquire(exchange.getProperty(VendorCall.VENDOR,
                String.class)));
    }

    /** The call with {@code ticket} (from {@link #acquire}) got its answer, or failed: it leaves the window then. */
    public void completed(String vendor, long ticket) {
        if (vendor == null || ticket == NO_TICKET) {
            return;
        }
        Limit limit = buckets.get(vendor.toLowerCase(Locale.ROOT));
        if (limit != null && limit.window != null) {
            limit.window.completed(ticket, System.nanoTime());
        }
    }

    /** The vendor answered 429: no call goes out for {@code pauseNanos} (its Retry-After, else a second). */
    public void pushBack(String vendor, long pauseNanos) {
        if (vendor == null) {
            return;
        }
        limit(vendor.toLowerCase(Locale.ROOT)).bucket.pushBack(System.nanoTime(), pauseNanos);
    }

    private Limit limit(String key) {
        return buckets.computeIfAbsent(key, v -> {
            double rate = ratePerSecond.applyAsDouble(v);
            return new Limit(new Bucket(rate * headroom, Math.max(1, burst.applyAsDouble(v))),
                    rate <= 0 ? null : Window.of(rate));
        });
    }

    private static void park(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** The configured rate of a vendor Ferry paces itself at, in calls per second (0: unlimited). */
    public double effectiveRate(String vendor) {
        return ratePerSecond.applyAsDouble(vendor.toLowerCase(Locale.ROOT)) * headroom;
    }

    private record Limit(Bucket bucket, Window window) {
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
                // Unlimited: only a 429's pause holds calls back.
                return started ? Math.max(0, next - now) : 0;
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

        /** No token before {@code now + pauseNanos}; tokens saved up are gone. */
        synchronized void pushBack(long now, long pauseNanos) {
            started = true;
            next = Math.max(next, now + pauseNanos);
        }
    }

    /**
     * The vendor's own rule, at most {@code size} calls in any span of {@code spanNanos} (10 in a rolling second),
     * kept from Ferry's side of the wire: tickets are numbered, and ticket {@code t} may go only when ticket
     * {@code t - size} was answered at least a span ago. A ticket never answered (a call that failed before it went
     * out without being told) counts as answered {@link #STALE_NANOS} after it was taken, so the window cannot jam.
     */
    static final class Window {
        static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(5);
        // How often a call waiting for an answer to an earlier one looks again.
        private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
        private static final long OPEN = Long.MAX_VALUE;

        /** The answer of {@link #tryTake}: a ticket, or how long to wait before trying again. */
        record Take(long ticket, long waitNanos) {
            boolean granted() {
                return waitNanos == 0;
            }
        }

        private final long spanNanos;
        private final long[] takenAt;
        private final long[] answeredAt;
        private long nextTicket;

        Window(int size, long spanNanos) {
            this.spanNanos = spanNanos;
            this.takenAt = new long[size];
            this.answeredAt = new long[size];
        }

        /** The window of a vendor allowing {@code perSecond} calls a second: 10/s is 10 calls per second. */
        static Window of(double perSecond) {
            int size = (int) Math.max(1, Math.floor(perSecond));
            return new Window(size, (long) Math.ceil(size * TimeUnit.SECONDS.toNanos(1) / perSecond));
        }

        synchronized Take tryTake(long now) {
            int slot = (int) (nextTicket % takenAt.length);
            if (nextTicket >= takenAt.length) {
                long answered = answeredAt[slot];
                if (answered == OPEN) {
                    if (now - takenAt[slot] < STALE_NANOS) {
                        return new Take(-1, POLL_NANOS);
                    }
                    answered = takenAt[slot] + STALE_NANOS;
                }
                if (now - answered < spanNanos) {
                    return new Take(-1, answered + spanNanos - now);
                }
            }
            takenAt[slot] = now;
            answeredAt[slot] = OPEN;
            return new Take(nextTicket++, 0);
        }

        synchronized void completed(long ticket, long now) {
            int slot = (int) (ticket % takenAt.length);
            // A slot taken over by a later ticket already counts that one.
            if (ticket >= nextTicket - takenAt.length && answeredAt[slot] == OPEN) {
                answeredAt[slot] = now;
            }
        }
    }
}
