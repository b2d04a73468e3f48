package io.ferry.deadletter;

/** JMS selectors over the dead-letter properties; every value is quoted as SQL-92 requires. */
public final class Selectors {

    private Selectors() {
    }

    public static String id(String id) {
        return ParkedRecord.ID + " = " + quote(id);
    }

    public static String awaiting(String key) {
        return ParkedRecord.AWAITING + " = " + quote(key);
    }

    public static String reason(String reason) {
        return ParkedRecord.REASON + " = " + quote(reason);
    }

    public static String target(String target) {
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
