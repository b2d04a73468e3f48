package io.ferry.sandbox;

/** What fault injection decided for one request; {@link #statsCode()} is how stats count it. */
enum InjectedFault {
    NONE(0),
    SERVER_ERROR(500),
    UNAVAILABLE(503),
    TOO_MANY_REQUESTS(429),
    RESET(0),
    STALL(0);

    private final int status;

    InjectedFault(int status) {
        this.status = status;
    }

    /** The HTTP status answered, 0 when the connection is closed without an answer. */
    int status() {
        return status;
    }

    String statsCode() {
        switch (this) {
            case RESET:
                return "injected_reset";
            case STALL:
                return "injected_stall";
            default:
                return "injected_" + status;
        }
    }
}
