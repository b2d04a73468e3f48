package io.ferry.delivery;

/** Turns a vendor's error body into a {@link VendorError}; each vendor has its own shape. */
@FunctionalInterface
public interface VendorErrorParser {

    VendorError parse(int status, String body);
}
