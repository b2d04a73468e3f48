package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ComplyCube clients: create, get, update ({@code POST /clients/{id}}, partial, type immutable),
 * delete and filtered newest-first list. A create whose {@code externalId} is already used is
 * accepted (ComplyCube documents no uniqueness) but counted in {@code duplicate_creates}.
 */
final class ComplyCubeClients {

    private final JsonObjectReader json;
    private final ApiStats stats;
    private final ComplyCubeClientValidator validator = new ComplyCubeClientValidator();
    private final HexIds ids = new HexIds();
    // Guarded by "this": clients by id, and how many clients use each externalId.
    private final Map<String, ComplyCubeClient> clients = new HashMap<>();
    private final Map<String, Integer> externalIds = new HashMap<>();
    private long sequence;

    ComplyCubeClients(ObjectMapper mapper, ApiStats stats) {
        this.json = new JsonObjectReader(mapper);
        this.stats = stats;
    }

    SandboxResponse create(SandboxRequest request) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        merge(attributes, body(request));
        validator.validate(attributes);
        Instant now = Instant.now();
        ComplyCubeClient client;
        synchronized (this) {
            client = new ComplyCubeClient(ids.next(), ++sequence, attributes, now, now);
            if (client.externalId() != null && externalIds.containsKey(client.externalId())) {
                stats.duplicateCreate();
            }
            store(client);
        }
        return SandboxResponse.success(200, client.toJson());
    }

    SandboxResponse get(String id) {
        return SandboxResponse.success(200, existing(id).toJson());
    }

    SandboxResponse update(SandboxRequest request, String id) {
        ObjectNode changes = body(request);
        ComplyCubeClient updated;
        synchronized (this) {
            ComplyCubeClient current = existing(id);
            JsonNode type = changes.get("type");
            if (type != null && !type.asText().equals(current.type())) {
                throw ComplyCubeError.invalidRequest("'type' cannot be changed once the client is created", "type")
                        .rejection();
            }
            ObjectNode merged = current.attributes().deepCopy();
            merge(merged, changes);
            validator.validate(merged);
            updated = new ComplyCubeClient(id, current.sequence(), merged, current.createdAt(), Instant.now());
            store(updated);
        }
        return SandboxResponse.success(200, updated.toJson());
    }

    synchronized SandboxResponse delete(String id) {
        remove(existing(id));
        return SandboxResponse.success(204, null);
    }

    SandboxResponse list(SandboxRequest request) {
        int page = positive(request.query("page"), 1, "page", Integer.MAX_VALUE);
        int pageSize = positive(request.query("pageSize"), 100, "pageSize", 1000);
        List<ComplyCubeClient> matching = new ArrayList<>();
        synchronized (this) {
            clients.values().stream().filter(ComplyCubeClientFilter.of(request.query())).forEach(matching::add);
        }
        matching.sort(Comparator.comparingLong(ComplyCubeClient::sequence).reversed());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("page", page);
        answer.put("pageSize", pageSize);
        answer.put("totalItems", matching.size());
        answer.put("pages", (matching.size() + pageSize - 1) / pageSize);
        ArrayNode items = answer.putArray("items");
        long from = (long) (page - 1) * pageSize;
        matching.stream().skip(from).limit(pageSize).forEach(c -> items.add(c.toJson()));
        return SandboxResponse.success(200, answer);
    }

    synchronized int count() {
        return clients.size();
    }

    synchronized Optional<ObjectNode> find(String id) {
        return Optional.ofNullable(clients.get(id)).map(ComplyCubeClient::toJson);
    }

    synchronized void clear() {
        clients.clear();
        externalIds.clear();
    }

    private synchronized ComplyCubeClient existing(String id) {
        ComplyCubeClient client = clients.get(id);
        if (client == null) {
            throw ComplyCubeError.clientNotFound(id).rejection();
        }
        return client;
    }

    private void store(ComplyCubeClient client) {
        ComplyCubeClient previous = clients.put(client.id(), client);
        if (previous != null && previous.externalId() != null) {
            externalIds.merge(previous.externalId(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (client.externalId() != null) {
            externalIds.merge(client.externalId(), 1, Integer::sum);
        }
    }

    private void remove(ComplyCubeClient client) {
        clients.remove(client.id());
        if (client.externalId() != null) {
            externalIds.merge(client.externalId(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** Known fields only; nested objects merge key by key, and a null removes a field, as "leave out stays unchanged" implies. */
    private static void merge(ObjectNode target, ObjectNode changes) {
        for (String field : ComplyCubeClient.FIELDS) {
            JsonNode value = changes.get(field);
            if (value == null) {
                continue;
            }
            if (value.isNull()) {
                target.remove(field);
            } else if (value.isObject() && target.path(field).isObject()) {
                ObjectNode nested = (ObjectNode) target.get(field);
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isNull()) {
                        nested.remove(e.getKey());
                    } else {
                        nested.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
            } else if (value.isObject()) {
                ObjectNode copy = JsonNodeFactory.instance.objectNode();
                value.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        copy.set(e.getKey(), e.getValue().deepCopy());
                    }
                });
                target.set(field, copy);
            } else {
                target.set(field, value.deepCopy());
            }
        }
    }

    private ObjectNode body(SandboxRequest request) {
        return json.read(request, reason -> ComplyCubeError.invalidRequest(reason, null).rejection());
    }

    private static int positive(String text, int fallback, String param, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the same error as an out-of-range number
        }
        String range = max == Integer.MAX_VALUE ? "a positive integer" : "an integer between 1 and " + max;
        throw ComplyCubeError.invalidRequest("'" + param + "' must be " + range, param).rejection();
    }
}
