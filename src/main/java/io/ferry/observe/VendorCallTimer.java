package io.ferry.observe;

import io.ferry.delivery.RateLimits;
import io.ferry.delivery.VendorCall;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Times every call to a vendor's HTTP endpoint (Camel's "exchange sent" events), without steps in the routes, and
 * tells the vendor's rate limit that the call was answered (first attempts and redeliveries alike).
 *
 * <p>It takes the "exchange sending" events of those calls too, and does nothing with them: Camel's send step emits
 * the "sent" event only when some notifier took the "sending" one. Ignoring them made this timer depend on another
 * notifier (Camel's Micrometer exchange notifier) being there: without it, in a plain embedding CamelContext or with
 * that notifier off, no call was timed and the rate limit never heard of an answer.
 */
public final class VendorCallTimer extends EventNotifierSupport {

    // The vendors' names in lower case, as the metrics and rate limits know them (a handful of names).
    private static final Map<String, String> LOWER_CASE = new ConcurrentHashMap<>();

    private final FerryMetrics metrics;
    private final RateLimits rateLimits;

    public VendorCallTimer(FerryMetrics metrics, RateLimits rateLimits) {
        this.metrics = metrics;
        this.rateLimits = rateLimits;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("http")
                || event instanceof ExchangeSendingEvent sending
                && sending.getEndpoint().getEndpointUri().startsWith("http");
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        // Plain reads: the typed getProperty goes through Camel's type conversion, on every call.
        String vendor = exchange.getProperty(VendorCall.VENDOR) instanceof String name
                ? LOWER_CASE.computeIfAbsent(name, n -> n.toLowerCase(Locale.ROOT)) : "unknown";
        if (rateLimits != null && exchange.getProperty(VendorCall.RATE_TICKET) instanceof Long ticket) {
            rateLimits.completed(vendor, ticket);
            exchange.removeProperty(VendorCall.RATE_TICKET);
        }
        metrics.vendorCall(vendor, status(exchange), sent.getTimeTaken() * 1_000_000L);
    }

    private static String status(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure instanceof HttpOperationFailedException http) {
            return Integer.toString(http.getStatusCode());
        }
        if (failure != null) {
            return failure.getClass().getSimpleName();
        }
        Object code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE);
        return code == null ? "unknown" : code.toString();
    }
}
