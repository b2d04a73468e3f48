package io.ferry.delivery;

import io.ferry.record.Outcome;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the vendor routes' error handler (routes/delivery-errors.camel.yaml): which exceptions are transient,
 * and the outcome once redeliveries are exhausted or the vendor cannot be talked to at all. Messages carry the status
 * and the vendor's own message, never request headers (credentials).
 */
public final class VendorFailures {

    private static final Logger LOG = LoggerFactory.getLogger(VendorFailures.class);

    /** Timeouts, refused connections, 408, 429 and 5xx: worth redelivering the HTTP step. */
    public boolean isTransient(Exchange exchange) {
        Throwable cause = caught(exchange);
        if (cause instanceof HttpOperationFailedException http) {
            return FailureClassifier.isTransientStatus(http.getStatusCode());
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Redeliveries are exhausted: a failed outcome with the last status and message. */
    public void exhausted(Exchange exchange) {
        Throwable cause = caught(exchange);
        int attempts = exchange.getProperty(OnFailedAttempt.COUNT, 1, Integer.class);
        Integer status = null;
        String last;
        if (cause instanceof HttpOperationFailedException http) {
            status = http.getStatusCode();
            last = "HTTP " + status + ": " + vendorMessage(exchange, http);
        } else {
            last = cause == null ? "unknown error" : describe(cause);
        }
        String vendor = exchange.getProperty(VendorCall.VENDOR, "the vendor", String.class);
        LOG.warn("{}: gave up after {} attempts: {}", vendor, attempts, last);
        VendorCall.finish(exchange, Outcome.failed(status, "RETRIES_EXHAUSTED",
                "gave up after " + attempts + " attempts; last: " + last));
    }

    /** A 3xx or other status the delivery loop does not expect: failed, not retried. */
    public void unexpectedStatus(Exchange exchange) {
        HttpOperationFailedException http = (HttpOperationFailedException) caught(exchange);
        VendorCall.finish(exchange, Outcome.failed(http.getStatusCode(), "HTTP_" + http.getStatusCode(),
                "unexpected answer: " + vendorMessage(exchange, http)));
    }

    /** The vendor refused to issue credentials: failed; retrying with the same key and secret cannot help. */
    public void authRefused(Exchange exchange) {
        VendorAuthException e = (VendorAuthException) caught(exchange);
        VendorCall.finish(exchange, Outcome.failed(e.status(), "UNAUTHORIZED", e.getMessage()));
    }

    private static String vendorMessage(Exchange exchange, HttpOperationFailedException http) {
        VendorErrorParser parser = exchange.getProperty(VendorCall.ERRORS, VendorErrorParser.class);
        String body = http.getResponseBody();
        VendorError error = parser == null ? VendorError.unparsed(http.getStatusCode(), body)
                : parser.parse(http.getStatusCode(), body);
        return error.message();
    }

    // The exception type and its own message (host, port, timeout); IOExceptions of HttpClient carry no headers.
    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + VendorError.cut(message));
    }

    private static Throwable caught(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return cause != null ? cause : exchange.getException();
    }
}
