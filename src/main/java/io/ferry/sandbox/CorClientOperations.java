package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** COR client create, update and delete by external id, with the documented errors. */
final class CorClientOperations {

    private final CorState state;
    private final CorBodyReader reader;
    private final ApiStats stats;
    private final long companyId;

    CorClientOperations(CorState state, CorBodyReader reader, ApiStats stats, long companyId) {
        this.state = state;
        this.reader = reader;
        this.stats = stats;
        this.companyId = companyId;
    }

    SandboxResponse create(SandboxRequest request) {
        ObjectNode body = reader.object(request);
        String source = reader.source(body);
        MappingKey key = new MappingKey(source, reader.requiredString(body, "id"));
        ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("name", reader.requiredString(body, "name"));
        reader.copyStrings(body, attributes, CorClient.OPTIONAL_FIELDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CorClient client;
        synchronized (state) {
            if (state.mappedUnderOtherSource(state.clients, key)) {
                // COR accepts it (its keys are per source), but the external id now names two entities: the
                // anomaly duplicate_creates counts.
                stats.duplicateCreate();
            }
            if (state.clients.containsKey(key)) {
                stats.duplicateCreate();
                throw CorError.duplicate("Client", key).rejection();
            }
            client = new CorClient(state.nextId(), key, attributes, now, now);
            state.clients.put(key, client);
        }
        return SandboxResponse.success(200, client.toJson(companyId));
    }

    SandboxResponse update(SandboxRequest request, String externalId) {
        ObjectNode body = reader.object(request);
        MappingKey key = new MappingKey(reader.source(body), externalId);
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        if (body.has("name")) {
            changes.put("name", reader.requiredString(body, "name"));
        }
        reader.copyStrings(body, changes, CorClient.OPTIONAL_FIELDS);
        CorClient updated;
        synchronized (state) {
            CorClient existing = state.clients.get(key);
            if (existing == null) {
                // Unknown here, or mapped under another source: either way this source has no association.
                throw CorError.notAssociated().rejection();
            }
            ObjectNode merged = existing.attributes().deepCopy();
            merged.setAll(changes);
            updated = new CorClient(existing.id(), key, merged, existing.createdAt(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
            state.clients.put(key, updated);
        }
        return SandboxResponse.success(200, updated.toJson(companyId));
    }

    SandboxResponse delete(SandboxRequest request, String externalId) {
        ObjectNode body = reader.object(request);
        MappingKey key = new MappingKey(reader.source(body), externalId);
        CorClient removed;
        synchronized (state) {
            removed = state.clients.get(key);
            if (removed == null) {
                throw (state.mappedUnderOtherSource(state.clients, key)
                        ? CorError.notAssociated()
                        : CorError.clientNotFound(externalId)).rejection();
            }
            if (state.contractsOf(removed.id()) > 0) {
                throw CorError.deletion("Client '" + externalId + "' cannot be deleted: it still has "
                        + state.contractsOf(removed.id()) + " contract(s)").rejection();
            }
            state.clients.remove(key);
        }
        return SandboxResponse.success(200, JsonNodeFactory.instance.objectNode()
                .put("message", "Client deleted successfully")
                .put("external_id", externalId)
                .put("cor_id", removed.id()));
    }
}
