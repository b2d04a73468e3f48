package io.ferry.delivery;

/** design.md's failure classes: what happens to a record that was not delivered. */
public enum FailureClass {
    /** Wrong as it is: rejected before any call, the report names the field. */
    INVALID,
    /** Timeouts, 5xx, 429: the HTTP step throws and the route's error handler redelivers it. */
    TRANSIENT,
    /** Waits for something else to be delivered first: parked with an awaiting key. */
    AWAITING,
    /** The vendor refused it for good: failed with the vendor's code and message. */
    PERMANENT
}
