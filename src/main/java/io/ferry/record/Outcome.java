package io.ferry.record;

/**
 * How one record ended: the status plus what the vendor (or Ferry's own validation) said.
 *
 * @param status     created, updated, unchanged, parked, rejected or failed
 * @param httpStatus the vendor's HTTP status, or null when no call was made
 * @param code       the vendor's error code or Ferry's own code (e.g. MISSING_FIELD), or null
 * @param message    a human-readable reason; never contains secrets
 * @param awaiting   for parked records, what they wait for (fx:EUR, cor-client:SF-1), else null
 * @param vendorId   the id the vendor gave the entity, when known
 */
public record Outcome(Status status, Integer httpStatus, String code, String message, String awaiting, String vendorId) {

    /** Every record ends in exactly one of these. */
    public enum Status {
        CREATED, UPDATED, UNCHANGED, PARKED, REJECTED, FAILED,
        /** Dry run: what a real run would do; nothing was sent and nothing stored. */
        WOULD_CREATE, WOULD_UPDATE;

        // Made once: reports and metrics ask for it for every record.
        private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** The lower-case name used in reports and metrics (would-create). */
        public String label() {
            return label;
        }
    }

    public static Outcome rejected(String code, String message) {
        return new Outcome(Status.REJECTED, null, code, message, null, null);
    }

    public static Outcome failed(Integer httpStatus, String code, String message) {
        return new Outcome(Status.FAILED, httpStatus, code, message, null, null);
    }

    public static Outcome delivered(Status status, int httpStatus, String vendorId) {
        return new Outcome(status, httpStatus, null, null, null, vendorId);
    }

    /** Dry run: the request a real run would send, in the message. */
    public static Outcome would(Status status, String method, String path, Object body) {
        return new Outcome(status, null, "DRY_RUN", method + " " + path + " " + body, null, null);
    }

    public static Outcome parked(Integer httpStatus, String code, String message, String awaiting) {
        return new Outcome(Status.PARKED, httpStatus, code, message, awaiting, null);
    }
}
