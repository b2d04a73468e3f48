package io.ferry.delivery;

/** The vendor refused to issue credentials (wrong key or secret). Its message never contains the secret. */
public final class VendorAuthException extends RuntimeException {

    private final int status;

    public VendorAuthException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
