package io.ferry.delivery;

import io.ferry.record.Outcome;
import io.ferry.record.RecordExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * The exchange properties of the delivery loop, and the route step that puts the pending {@link VendorRequest} on the
 * message for the vendor's HTTP endpoint (method, path and query as camel-http headers, JSON body).
 */
public final class VendorRequests {

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
    /** The rate-limit ticket of the call going out ({@link RateLimits#acquire}), handed back when it is answered. */
    public static final String RATE_TICKET = "ferryRateTicket";

    public static final String HTTP_RESPONSE_CODE = Exchange.HTTP_RESPONSE_CODE;

    private final RateLimits rateLimits;

    public VendorRequests() {
        this(null);
    }

    /** @param rateLimits the vendors' token buckets, taken before each request goes out (null: none) */
    public VendorRequests(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    /**
     * Writes the pending request on the message; the route removed every header before. The HTTP call follows at
     * once, so this is where the vendor's rate limit is taken: a call waits here for its token.
     */
    public void write(Exchange exchange) {
        takeRateToken(exchange);
        put(exchange);
    }

    /**
     * The step before each call of the delivery loop, in one step instead of three (each step of a vendor route costs
     * a copy of the exchange, kept by the error handler to redeliver from): the message's headers cleared, the pending
     * request written, the vendor's credentials added, and last the vendor's rate-limit token taken. Should
     * authorize fail (the token endpoint unreachable), the error handler redelivers the whole step: no token was
     * taken yet.
     */
    public void prepare(Exchange exchange, VendorAuth auth) throws Exception {
        exchange.getMessage().getHeaders().clear();
        put(exchange);
        auth.authorize(exchange);
        takeRateToken(exchange);
    }

    private void takeRateToken(Exchange exchange) {
        if (rateLimits != null) {
            exchange.setProperty(RATE_TICKET, rateLimits.acquire(exchange.getProperty(VENDOR, String.class)));
        }
    }

    private static void put(Exchange exchange) {
        VendorRequest request = exchange.getProperty(PENDING, VendorRequest.class);
        exchange.removeProperty(FailedAttempts.COUNT);
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
