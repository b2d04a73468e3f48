package io.ferry.delivery;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs on every failed attempt of a vendor route (onExceptionOccurred), before Camel computes the next redelivery
 * delay: counts the attempt (Camel drops its own counter before the exhausted step runs) and, when the vendor sent
 * Retry-After (seconds or an HTTP date), makes that the delay, capped; otherwise the exponential backoff applies.
 */
public final class OnFailedAttempt implements Processor {

    /** How many attempts of the current call failed so far, rate-limited ones included. */
    public static final String COUNT = "ferryFailedAttempts";
    /** How many of those the vendor answered 429: they do not use up the retry budget. */
    public static final String RATE_LIMITED = "ferryRateLimited";

    private static final long PUSH_BACK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Duration cap;
    private final ToIntFunction<String> maxRedeliveries;
    private final int maxRateLimited;
    private final RateLimits rateLimits;
    private final VendorConcurrency concurrency;

    /**
     * @param cap              the longest Retry-After honoured
     * @param maxRedeliveries  redeliveries allowed per vendor (by the vendor name the delivery step set)
     * @param maxRateLimited   429s tolerated in a row for one call, so a vendor that throttles forever still ends
     */
    public OnFailedAttempt(Duration cap, ToIntFunction<String> maxRedeliveries, int maxRateLimited) {
        this(cap, maxRedeliveries, maxRateLimited, null);
    }

    /**
     * @param rateLimits the vendors' rate limits: a 429 pushes its vendor's back, and every redelivery takes a token
     *                   like a first attempt (null: none)
     */
    public OnFailedAttempt(Duration cap, ToIntFunction<String> maxRedeliveries, int maxRateLimited,
                          RateLimits rateLimits) {
        this(cap, maxRedeliveries, maxRateLimited, rateLimits, null);
    }

    /**
     * @param concurrency the vendors' concurrency modes: a 429 of an adaptive vendor without a rate limit delays only
     *                    its own call (null: every 429 pushes its vendor back)
     */
    public OnFailedAttempt(Duration cap, ToIntFunction<String> maxRedeliveries, int maxRateLimited,
                          RateLimits rateLimits, VendorConcurrency concurrency) {
        this.cap = cap;
        this.maxRedeliveries = maxRedeliveries;
        this.maxRateLimited = maxRateLimited;
        this.rateLimits = rateLimits;
        this.concurrency = concurrency;
    }

    /** retryWhile of the vendor error handler: a 429 never uses up an attempt; other failures do. */
    public boolean shouldRetry(Exchange exchange) {
        int rateLimited = exchange.getProperty(RATE_LIMITED, 0, Integer.class);
        int failed = exchange.getProperty(COUNT, 0, Integer.class) - rateLimited;
        if (isRateLimited(exchange)) {
            return rateLimited <= maxRateLimited;
        }
        String vendor = exchange.getProperty(VendorCall.VENDOR, "", String.class);
        return failed <= maxRedeliveries.applyAsInt(vendor);
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(COUNT, exchange.getProperty(COUNT, 0, Integer.class) + 1);
        if (isRateLimited(exchange)) {
            exchange.setProperty(RATE_LIMITED, exchange.getProperty(RATE_LIMITED, 0, Integer.class) + 1);
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long delay = cause instanceof HttpOperationFailedException http ? delayMillis(http.getResponseHeaders()) : null;
        if (rateLimits != null && shouldRetry(exchange)) {
            delay = takeToken(exchange, delay);
        }
        // The header outlives one attempt, so it is removed whenever this attempt did not ask for a delay.
        if (delay == null) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        }
    }

    /**
     * The redelivery is a call like any other: it waits for its vendor's token here, before Camel's delay. After a 429
     * the vendor's tokens stop for the Retry-After (else a second) first, for every lane; that wait replaces the
     * redelivery delay.
     *
     * <p>Except for a vendor in adaptive concurrency mode that has no rate limit: there a 429 says the vendor has more
     * calls in flight than it serves, its limiter has already shrunk for it (see {@link VendorConcurrency}), and the
     * call that got it waits its Retry-After (else a second) on its own, while the calls within the new limit go on.
     * Stopping every lane for each such 429 halved the throughput the limit finds (benchmark row 7).
     */
    private Long takeToken(Exchange exchange, Long delay) {
        String vendor = exchange.getProperty(VendorCall.VENDOR, String.class);
        if (isRateLimited(exchange) && pacedByLimiter(vendor)) {
            exchange.setProperty(VendorCall.RATE_TICKET, rateLimits.acquire(vendor));
            return delay == null ? TimeUnit.NANOSECONDS.toMillis(PUSH_BACK_NANOS) : delay;
        }
        if (isRateLimited(exchange)) {
            rateLimits.pushBack(vendor, delay == null ? PUSH_BACK_NANOS : TimeUnit.MILLISECONDS.toNanos(delay));
            exchange.setProperty(VendorCall.RATE_TICKET, rateLimits.acquire(vendor));
            return 0L;
        }
        exchange.setProperty(VendorCall.RATE_TICKET, rateLimits.acquire(vendor));
        return delay;
    }

    private boolean pacedByLimiter(String vendor) {
        return concurrency != null && vendor != null && concurrency.mode(vendor) == VendorConcurrency.Mode.ADAPTIVE
                && rateLimits.effectiveRate(vendor) <= 0;
    }

    private static boolean isRateLimited(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class) instanceof HttpOperationFailedException http
                && http.getStatusCode() == 429;
    }

    Long delayMillis(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.entrySet().stream().filter(e -> "Retry-After".equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Math.round(Double.parseDouble(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                millis = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME)).toMillis();
            } catch (RuntimeException notADate) {
                return null;
            }
        }
        return Math.max(0, Math.min(millis, cap.toMillis()));
    }
}
