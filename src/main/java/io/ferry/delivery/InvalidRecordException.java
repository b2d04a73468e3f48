package io.ferry.delivery;

/**
 * A record that cannot be sent as it is; it becomes a rejected outcome without any call. Thrown by the vendors'
 * mappers; the message names the field and says what is wrong with it.
 */
public final class InvalidRecordException extends RuntimeException {

    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String INVALID_FIELD = "INVALID_FIELD";

    private final String code;

    public InvalidRecordException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static InvalidRecordException missing(String field) {
        return new InvalidRecordException(MISSING_FIELD, field + " is required");
    }

    public static InvalidRecordException invalid(String message) {
        return new InvalidRecordException(INVALID_FIELD, message);
    }

    public String code() {
        return code;
    }
}
