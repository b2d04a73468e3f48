package io.ferry.delivery;

import java.io.IOException;
import org.apache.camel.Exchange;

/** A vendor's credentials as a route step: adds them to the request, and renews them when the vendor refuses them. */
public interface VendorAuth {

    /**
     * Adds the credentials to the request about to be sent. An IOException (token endpoint unreachable) or an
     * HttpOperationFailedException (its 429 or 5xx) is transient and redelivered; {@link VendorAuthException} means
     * the credentials themselves were refused.
     */
    void authorize(Exchange exchange) throws Exception;

    /**
     * The vendor answered 401 to credentials this exchange sent: drop them, so that the next {@link #authorize} gets
     * fresh ones. False when there is nothing fresher to get (a static token), so retrying is pointless.
     */
    boolean renew(Exchange exchange);
}
