package io.ferry.delivery;

import io.ferry.record.Outcome;

/** Sorts a failed delivery into design.md's failure classes and turns it into the record's outcome. */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * Statuses worth trying again as they are. The vendor routes' HTTP endpoints leave exactly these (and 3xx) out of
     * okStatusCodeRange, so they throw at the HTTP step, where the error handler redelivers them.
     */
    public static boolean isTransientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    public static FailureClass classify(VendorError error, String awaiting) {
        if (isTransientStatus(error.status())) {
            return FailureClass.TRANSIENT;
        }
        return awaiting != null ? FailureClass.AWAITING : FailureClass.PERMANENT;
    }

    /** The outcome of a vendor error answer: parked when it awaits something, otherwise failed. */
    public static Outcome outcome(VendorError error, String awaiting) {
        return switch (classify(error, awaiting)) {
            case AWAITING -> Outcome.parked(error.status(), error.code(), error.message(), awaiting);
            case TRANSIENT -> Outcome.failed(error.status(), error.code(),
                    "transient error answered as a normal response (check okStatusCodeRange): " + error.message());
            default -> Outcome.failed(error.status(), error.code(), error.message());
        };
    }

    /** The outcome of a record that failed local validation: rejected, no call made. */
    public static Outcome invalid(InvalidRecordException e) {
        return Outcome.rejected(e.code(), e.getMessage());
    }
}
