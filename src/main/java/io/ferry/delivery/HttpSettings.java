package io.ferry.delivery;

import io.ferry.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;

/**
 * Connection settings of the camel-http components (http and https are two instances of the same component) that
 * every vendor endpoint uses: explicit timeouts, pool sizes, and no hidden retries inside HttpClient, so that every
 * retry is the route's error handler's, visible and counted.
 */
public final class HttpSettings {

    private HttpSettings() {
    }

    public static void apply(CamelContext context, Settings settings) {
        apply(context, settings, null);
    }

    /**
     * With {@code concurrency} having a vendor in adaptive mode, every HttpClient the components build gets its gate
     * ({@link VendorConcurrency#gate}) first in the exec chain; in fixed mode the clients are as they always were.
     */
    public static void apply(CamelContext context, Settings settings, VendorConcurrency concurrency) {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.duration("ferry.http.connect-timeout", "5s").toMillis());
            http.setConnectionRequestTimeout(settings.duration("ferry.http.connection-request-timeout", "30s").toMillis());
            http.setResponseTimeout(settings.duration("ferry.http.response-timeout", "30s").toMillis());
            http.setSoTimeout(settings.duration("ferry.http.response-timeout", "30s").toMillis());
            // An adaptive vendor's limit may grow to its concurrency.max calls at once: a smaller connection pool
            // would hold it below that without the limiter ever seeing why (measured: 40 connections kept a vendor
            // with 100 ms latency and room for 64 calls at under 300 records/s).
            int adaptive = concurrency == null ? 0 : concurrency.largestAdaptiveMax();
            http.setMaxTotalConnections(Math.max(settings.integer("ferry.http.max-connections", 200), adaptive));
            http.setConnectionsPerRoute(Math.max(settings.integer("ferry.http.connections-per-route", 40), adaptive));
            http.setAutomaticRetriesDisabled(true);
            // The vendors authenticate each request by its header (bearer token, API key): no cookies kept between
            // calls, no HttpClient auth schemes cached, and pooled connections not tied to a user (no client TLS
            // certificates). Each of these is work per call otherwise.
            http.setCookieManagementDisabled(true);
            http.setAuthCachingDisabled(true);
            http.setConnectionStateDisabled(true);
            http.setFollowRedirects(false);
            http.setUserAgent(settings.string("ferry.http.user-agent", "Ferry"));
            if (concurrency != null && concurrency.anyAdaptive()) {
                http.setHttpClientConfigurer(builder -> builder.addExecInterceptorFirst("ferry-vendor-concurrency",
                        concurrency.gate()));
            }
        }
    }
}
