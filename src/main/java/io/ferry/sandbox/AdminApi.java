package io.ferry.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's own endpoints under {@code /__sandbox}, so a Ferry in another JVM can drive it:
 * {@code GET stats}, {@code POST reset}, {@code GET requests}, {@code GET faults}, {@code GET|POST
 * faults/{api}}, {@code POST cor/expire-tokens}, and {@code GET capacity} / {@code POST capacity} with
 * {@code {"api":"cor","capacity":16}} (0 = unlimited). They are neither counted nor journaled.
 */
final class AdminApi {

    private final Sandbox sandbox;
    private final ObjectMapper mapper;

    AdminApi(Sandbox sandbox, ObjectMapper mapper) {
        this.sandbox = sandbox;
        this.mapper = mapper;
    }

    SandboxResponse handle(SandboxRequest r) {
        String route = r.method() + " " + String.join("/", r.segments().subList(1, r.depth()));
        try {
            switch (route) {
                case "GET stats":
                    return ok(sandbox.stats());
                case "POST reset":
                    sandbox.reset();
                    return ok(JsonNodeFactory.instance.objectNode().put("reset", true));
                case "GET requests":
                    return ok(requests());
                case "GET faults":
                    return ok(allFaults());
                case "GET capacity":
                    return ok(capacities());
                case "POST capacity":
                    setCapacity(r);
                    return ok(capacities());
                case "POST cor/expire-tokens":
                    return ok(JsonNodeFactory.instance.objectNode().put("expired_tokens", sandbox.expireCorTokens()));
                default:
                    break;
            }
            if (r.depth() == 3 && r.segment(1).equals("faults")) {
                Vendor vendor = Vendor.of(r.segment(2));
                if (r.method().equals("POST")) {
                    sandbox.setFaults(vendor.key(), Faults.parse(fields(r), Faults.NONE));
                }
                if (r.method().equals("POST") || r.method().equals("GET")) {
                    return ok(mapper.valueToTree(sandbox.faults(vendor.key()).toMap()));
                }
            }
            return error(404, "No admin endpoint " + r.method() + " " + r.path());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private ArrayNode requests() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (RecordedRequest rec : sandbox.requests()) {
            ObjectNode node = out.addObject();
            node.put("at", rec.at().toString());
            node.put("api", rec.api());
            node.put("method", rec.method());
            node.put("path", rec.path());
            node.set("headers", mapper.valueToTree(rec.headers()));
            node.put("body", rec.body());
            node.put("status", rec.status());
        }
        return out;
    }

    private void setCapacity(SandboxRequest r) {
        Map<String, String> fields = fields(r);
        String api = fields.get("api");
        String capacity = fields.get("capacity");
        if (api == null || capacity == null) {
            throw new IllegalArgumentException("capacity body needs api and capacity, e.g. {\"api\":\"cor\",\"capacity\":16}");
        }
        try {
            sandbox.setCapacity(api, Integer.parseInt(capacity.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("capacity must be a whole number, got: " + capacity);
        }
    }

    private ObjectNode capacities() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Vendor v : Vendor.values()) {
            out.put(v.key(), sandbox.capacity(v.key()));
        }
        return out;
    }

    private ObjectNode allFaults() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Vendor v : Vendor.values()) {
            out.set(v.key(), mapper.valueToTree(sandbox.faults(v.key()).toMap()));
        }
        return out;
    }

    // A POST replaces the API's faults: fields left out are 0 (retry-after 1), not kept from before.
    private Map<String, String> fields(SandboxRequest r) {
        JsonNode body;
        try {
            body = r.body().length == 0 ? JsonNodeFactory.instance.objectNode() : mapper.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static SandboxResponse ok(JsonNode body) {
        return SandboxResponse.success(200, body);
    }

    private static SandboxResponse error(int status, String message) {
        return SandboxResponse.rejected(status, "admin_error", JsonNodeFactory.instance.objectNode().put("error", message));
    }
}
