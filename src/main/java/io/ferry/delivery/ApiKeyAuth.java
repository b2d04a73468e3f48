package io.ferry.delivery;

import org.apache.camel.Exchange;

/**
 * A static API key sent in one request header (ComplyCube: the raw key in Authorization; Clemta: X-API-KEY). There is
 * nothing to renew, so a 401 fails the record at once. The key never shows in toString, logs or messages.
 */
public final class ApiKeyAuth implements VendorAuth {

    private final String header;
    private final String key;

    public ApiKeyAuth(String header, String key) {
        this.header = header;
        this.key = key;
    }

    @Override
    public void authorize(Exchange exchange) {
        exchange.getMessage().setHeader(header, key);
    }

    @Override
    public boolean renew(Exchange exchange) {
        return false;
    }

    @Override
    public String toString() {
        return "ApiKeyAuth[" + header + "]";
    }
}
