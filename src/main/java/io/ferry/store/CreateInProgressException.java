package io.ferry.store;

import java.time.Duration;

/**
 * Another Ferry instance holds a fresh create claim on the entity: it is creating it right now. Transient: the record
 * is tried again later (routes/delivery-errors.camel.yaml), when that instance has recorded its answer or its claim
 * has expired.
 */
public final class CreateInProgressException extends RuntimeException {

    private final transient Duration remaining;

    public CreateInProgressException(String target, String externalId, String owner, Duration remaining) {
        super("another Ferry instance (" + owner + ") is creating " + target + " " + externalId
                + "; its claim expires in " + remaining.toSeconds() + " s");
        this.remaining = remaining;
    }

    /** How long the other instance's claim still stands. */
    public Duration remaining() {
        return remaining;
    }
}
