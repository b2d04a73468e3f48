package io.ferry.delivery;

import io.ferry.record.Outcome;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;

/**
 * The error handler's steps for a record whose entity another instance is creating
 * ({@link io.ferry.store.CreateInProgressException}, routes/delivery-errors.camel.yaml): tried again with backoff
 * until that instance records its answer or its claim expires, which a claim does within its lease; a record still
 * blocked after twice the lease (the other instance keeps claiming it anew) fails with CREATE_IN_PROGRESS.
 */
public final class CreateClaimWait {

    /** When this record first met another instance's claim (epoch milliseconds). */
    static final String SINCE = "ferryClaimWaitSince";

    private final Duration lease;
    private final Clock clock;

    public CreateClaimWait(Duration lease, Clock clock) {
        this.lease = lease;
        this.clock = clock;
    }

    /** retryWhile: as long as the wait stays within twice the lease. */
    public boolean shouldRetry(Exchange exchange) {
        long now = clock.millis();
        long since = exchange.getProperty(SINCE, now, Long.class);
        exchange.setProperty(SINCE, since);
        return now - since < 2 * lease.toMillis();
    }

    /** Gave up waiting: failed with the other instance's claim in the message. */
    public void exhausted(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        VendorCall.finish(exchange, Outcome.failed(null, "CREATE_IN_PROGRESS",
                "waited " + 2 * lease.toSeconds() + " s for another instance's create: "
                        + (cause == null ? "" : cause.getMessage())));
    }
}
