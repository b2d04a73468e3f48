package io.ferry.failure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
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
    private final Releaser releaser;
    private final ObjectMapper json;
    private final VendorPause pause;
    private final String token;

    /** @param token the operator token, or null/blank for none */
    public OperatorApi(DeadLetterQueue queue, Releaser releaser, VendorPause pause, ObjectMapper json, String token) {
        this.queue = queue;
        this.releaser = releaser;
        this.pause = pause;
        this.json = json;
        this.token = token == null || token.isBlank() ? null : token;
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

    public void vendors(Exchange exchange) {
        if (authorized(exchange)) {
            ObjectNode body = json.createObjectNode();
            ObjectNode paused = body.putObject("paused");
            pause.paused().forEach((vendor, why) -> paused.putObject(vendor).put("reason", why.reason())
                    .put("until", why.until() == null ? "restart with credentials" : why.until().toString()));
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
        if (token == null) {
            return true;
        }
        String header = exchange.getIn().getHeader("Authorization", String.class);
        String expected = "Bearer " + token;
        // Constant-time comparison: the token must not leak through response timing.
        if (header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        respond(exchange, 401, error("missing or wrong operator token (Authorization: Bearer ...)"));
        return false;
    }

    private ObjectNode error(String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return body;
    }

    private void respond(Exchange exchange, int status, Object body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body.toString());
    }
}
