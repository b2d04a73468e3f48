package io.ferry.delivery;

import java.util.List;
import org.apache.camel.Exchange;

/**
 * The auth step of a vendor whose credentials are not configured. Its routes do not start (see
 * {@link io.ferry.deadletter.VendorPause#disable}), so this only answers if a record reaches it anyway: refused, naming
 * the environment variables to set.
 */
public final class MissingCredentials implements VendorAuth {

    private final String message;

    public MissingCredentials(String vendor, List<String> environmentVariables) {
        this.message = vendor + " credentials are missing: set " + String.join(" and ", environmentVariables);
    }

    public String message() {
        return message;
    }

    @Override
    public void authorize(Exchange exchange) {
        throw new VendorAuthException(401, message);
    }

    @Override
    public boolean renew(Exchange exchange) {
        return false;
    }
}
