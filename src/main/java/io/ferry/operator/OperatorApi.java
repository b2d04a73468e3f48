package io.ferry.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.RateLimits;
import io.ferry.delivery.VendorConcurrency;
import io.ferry.observe.FerryMetrics;
import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.deadletter.DeadLetterRelease;
import io.ferry.deadletter.ParkedRecord;
import io.ferry.deadletter.Selectors;
import io.ferry.deadletter.VendorPause;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator interface, behind the REST routes in deadletter.camel.yaml: dead-letter counts, entries with paging,
 * replay by awaiting key / reason / target / id, discard by id; paused vendors and their resume. With a token
 * configured, every call needs {@code Authorization: Bearer <token>}.
 */
public final class OperatorApi {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);
    private static final int MAX_PAGE = 1000;

    private final DeadLetterQueue queue;
    private final DeadLetterRelease releaser;
    private final ObjectMapper json;
    private final VendorPause pause;
    private final OperatorToken token;
    private final List<String> vendors;
    private final RateLimits rateLimits;
    private final VendorConcurrency concurrency;
    private final FerryMetrics metrics;

    /**
     * @param vendors    the vendors' names (cor, complycube, clemta)
     * @param rateLimits their client-side rate limits, shown by {@link #vendors}
     * @param metrics    their calls so far, shown by {@link #vendors}
     * @param concurrency their concurrency mode and limit, shown by {@link #vendors}
     */
    public OperatorApi(DeadLetterQueue queue, DeadLetterRelease releaser, VendorPause pause, ObjectMapper json,
                       OperatorToken token, List<String> vendors, RateLimits rateLimits, FerryMetrics metrics,
                       VendorConcurrency concurrency) {
        this.concurrency = concurrency;
        this.queue = queue;
        this.releaser = releaser;
        this.pause = pause;
        this.json = json;
        this.token = token;
        this.vendors = List.copyOf(vendors);
        this.rateLimits = rateLimits;
        this.metrics = metrics;
    }

    public void counts(Exchange exchange) {
        if (authorized(exchange)) {
            respond(exchange, 200, json.valueToTree(queue.counts()));
        }
    }

    public void entries(Exchange exchange) {
        if (!authorized(exchange)) {
            return;
        }
        int offset = Math.max(0, exchange.getIn().getHeader("offset", 0, Integer.class));
        int limit = Math.min(MAX_PAGE, Math.max(1, exchange.getIn().getHeader("limit", 100, Integer.class)));
        String selector = selector(exchange);
        ArrayNode entries = json.createArrayNode();
        for (ParkedRecord entry : queue.browse(selector, offset, limit)) {
            ObjectNode node = entries.addObject();
            node.put("id", entry.id());
            node.put("target", entry.record().target());
            node.put("source", entry.record().source().toString());
            node.put("externalId", entry.record().externalId());
            node.put("reason", entry.reason());
            node.put("message", entry.message());
            node.put("httpStatus", entry.httpStatus());
            node.put("awaiting", entry.awaiting());
            node.put("attempts", entry.attempts());
            node.put("cycles", entry.cycles());
            node.put("held", entry.held());
            node.put("firstFailure", java.time.Instant.ofEpochMilli(entry.firstFailure()).toString());
            node.put("lastFailure", java.time.Instant.ofEpochMilli(entry.lastFailure()).toString());
        }
        ObjectNode page = json.createObjectNode();
        page.put("offset", offset);
        page.put("limit", limit);
        page.set("entries", entries);
        respond(exchange, 200, page);
    }

    public void replay(Exchange exchange) {
        if (!authorized(exchange)) {
            return;
        }
        String selector = selector(exchange);
        if (selector == null) {
            respond(exchange, 400, error("say what to replay: awaiting, reason, target or id"));
            return;
        }
        respond(exchange, 200, json.valueToTree(releaser.releaseByOperator(selector)));
    }

    public void discard(Exchange exchange) {
        if (!authorized(exchange)) {
            return;
        }
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || id.isBlank()) {
            respond(exchange, 400, error("id is required"));
            return;
        }
        queue.discard(id).ifPresentOrElse(entry -> {
            LOG.warn("Operator discarded dead-letter entry {}: {} ({} {}), reason {}", id, entry.record().source(),
                    entry.record().target(), entry.record().externalId(), entry.reason());
            ObjectNode body = json.createObjectNode();
            body.put("discarded", id);
            respond(exchange, 200, body);
        }, () -> respond(exchange, 404, error("no dead-letter entry with id " + id)));
    }

    /**
     * The paused or disabled vendors and why ({@code paused}), and every vendor's state, client-side rate limit
     * (requests per second, 0 for none), concurrency (mode, current limit, calls in flight) and calls so far, with those
     * that got no 2xx answer ({@code vendors}).
     */
    public void vendors(Exchange exchange) {
        if (authorized(exchange)) {
            ObjectNode body = json.createObjectNode();
            ObjectNode paused = body.putObject("paused");
            Map<String, VendorPause.Pause> stopped = pause.paused();
            stopped.forEach((vendor, why) -> paused.putObject(vendor).put("reason", why.reason())
                    .put("until", why.until() == null ? "restart with credentials" : why.until().toString()));
            Map<String, FerryMetrics.VendorCalls> calls = metrics.vendorCalls();
            ObjectNode all = body.putObject("vendors");
            for (String vendor : vendors) {
                VendorPause.Pause why = stopped.get(vendor);
                ObjectNode node = all.putObject(vendor);
                node.put("state", why == null ? "enabled" : why.until() == null ? "disabled" : "paused");
                node.put("reason", why == null ? null : why.reason());
                node.put("rateLimit", rateLimits.effectiveRate(vendor));
                FerryMetrics.VendorCalls made = calls.getOrDefault(vendor, new FerryMetrics.VendorCalls(0, 0));
                node.put("calls", made.calls());
                node.put("errors", made.errors());
                if (concurrency != null) {
                    node.putObject("concurrency").put("mode", concurrency.mode(vendor).label())
                            .put("limit", concurrency.limit(vendor)).put("inFlight", concurrency.inFlight(vendor));
                }
            }
            respond(exchange, 200, body);
        }
    }

    public void resume(Exchange exchange) {
        if (!authorized(exchange)) {
            return;
        }
        String vendor = exchange.getIn().getHeader("vendor", String.class);
        if (vendor == null || !pause.resume(vendor)) {
            respond(exchange, 404, error("vendor " + vendor + " is not paused"));
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("resumed", vendor);
        respond(exchange, 200, body);
    }

    /** The selector from the query parameters (AND-ed), or null when none is given. */
    private String selector(Exchange exchange) {
        List<String> parts = new ArrayList<>();
        String awaiting = exchange.getIn().getHeader("awaiting", String.class);
        String reason = exchange.getIn().getHeader("reason", String.class);
        String target = exchange.getIn().getHeader("target", String.class);
        String id = exchange.getIn().getHeader("id", String.class);
        if (awaiting != null && !awaiting.isBlank()) {
            parts.add(Selectors.awaiting(awaiting));
        }
        if (reason != null && !reason.isBlank()) {
            parts.add(Selectors.reason(reason));
        }
        if (target != null && !target.isBlank()) {
            parts.add(Selectors.target(target));
        }
        if (id != null && !id.isBlank()) {
            parts.add(Selectors.id(id));
        }
        if (parts.isEmpty()) {
            return null;
        }
        return String.join(" AND ", parts);
    }

    private boolean authorized(Exchange exchange) {
        return token.allows(exchange);
    }

    private ObjectNode error(String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return body;
    }

    private void respond(Exchange exchange, int status, Object body) {
        OperatorToken.respond(exchange, status, "application/json", body.toString());
    }
}
