package io.ferry.delivery;

import io.ferry.record.Outcome;
import io.ferry.record.RecordExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * The exchange properties of the delivery loop, and the route step that puts the pending {@link VendorRequest} on the
 * message for the vendor's HTTP endpoint (method, path and query as camel-http headers, JSON body). Stateless: one
 * bean serves every vendor route.
 */
public final class VendorCall {

    /** The {@link VendorRequest} to send next; absent when the record has its outcome. */
    public static final String PENDING = "ferryRequest";
    /** The {@link VendorErrorParser} of the vendor being called, so the error handler can read its error bodies. */
    public static final String ERRORS = "ferryVendorErrors";
    /** Set once the request was retried with renewed credentials after a 401. */
    public static final String AUTH_RETRIED = "ferryAuthRetried";
    /** Set when that retry had renewed credentials (a static key cannot be renewed). */
    public static final String AUTH_RENEWED = "ferryAuthRenewed";
    /** The name the vendor is called by in messages (COR, ComplyCube, Clemta). */
    public static final String VENDOR = "ferryVendor";
    /** The rate-limit ticket of the call going out ({@link RateLimits#take}), handed back when it is answered. */
    public static final String RATE_TICKET = "ferryRateTicket";

    public static final String HTTP_RESPONSE_CODE = Exchange.HTTP_RESPONSE_CODE;

    /**
     * The route step that writes the pending request on the message (the step before removed every header). The
     * vendor's credentials and rate-limit token are the next steps of the route ({@link VendorAuth#authorize},
     * {@link RateLimits#take}).
     */
    public void write(Exchange exchange) {
        put(exchange);
    }

    private static void put(Exchange exchange) {
        VendorRequest request = exchange.getProperty(PENDING, VendorRequest.class);
        exchange.removeProperty(OnFailedAttempt.COUNT);
        Message message = exchange.getMessage();
        // The enum camel-http reads, not a String: converting the String costs a type-converter search per call.
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(request.method()));
        message.setHeader(Exchange.HTTP_PATH, request.path());
        if (request.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        message.setHeader("Accept", "application/json");
        if (request.body() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        request.headers().forEach(message::setHeader);
        // Bytes, not a String: camel-http would append "; charset=UTF-8" to the Content-Type of a String body.
        message.setBody(request.body() == null ? null : request.bodyBytes());
    }

    public static void send(Exchange exchange, VendorRequest request) {
        exchange.setProperty(PENDING, request);
    }

    /** Ends the delivery loop with the record's outcome. */
    public static void finish(Exchange exchange, Outcome outcome) {
        exchange.removeProperty(PENDING);
        RecordExchange.setOutcome(exchange, outcome);
    }

    public static int status(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? 0 : status;
    }

    /**
     * For a 401: true when the same request should go again with renewed credentials (the first 401 of this
     * exchange, and the auth could renew them); false when the record fails as unauthorized.
     */
    public static boolean retryWithFreshCredentials(Exchange exchange, VendorAuth auth) {
        if (exchange.getProperty(AUTH_RETRIED, false, Boolean.class)) {
            return false;
        }
        exchange.setProperty(AUTH_RETRIED, true);
        boolean renewed = auth.renew(exchange);
        exchange.setProperty(AUTH_RENEWED, renewed);
        return renewed;
    }

    /** The outcome of a 401 that renewing the credentials did not cure. */
    public static Outcome unauthorized(Exchange exchange, VendorError error) {
        String vendor = exchange.getProperty(VENDOR, "the vendor", String.class);
        boolean renewed = exchange.getProperty(AUTH_RENEWED, false, Boolean.class);
        return Outcome.failed(401, "UNAUTHORIZED", vendor + " refused the credentials"
                + (renewed ? " even after renewing them: " : ": ") + error.message());
    }
}
