package io.ferry.failure;

/** JMS selectors over the dead-letter properties; every value is quoted as SQL-92 requires. */
final class Selectors {

    private Selectors() {
    }

    static String id(String id) {
        return ParkedRecord.ID + " = " + quote(id);
    }

    static String awaiting(String key) {
        return ParkedRecord.AWAITING + " = " + quote(key);
    }

    static String reason(String reason) {
        return ParkedRecord.REASON + " = " + quote(reason);
    }

    static String target(String target) {
        return ParkedRecord.TARGET + " = " + quote(target);
    }

    /** Automatic release only takes entries the loop guard has not held, parked before the release began. */
    static String automatic(String selector, long parkedBefore) {
        return "(" + selector + ") AND " + ParkedRecord.HELD + " = FALSE AND " + ParkedRecord.LAST_FAILURE + " < "
                + parkedBefore;
    }

    /** An operator's release takes held entries too, but not the ones re-parked by this same release. */
    static String operator(String selector, long parkedBefore) {
        return "(" + selector + ") AND " + ParkedRecord.LAST_FAILURE + " < " + parkedBefore;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
