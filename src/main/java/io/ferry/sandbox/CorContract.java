package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A COR contract held by the sandbox.
 *
 * @param id COR's numeric id
 * @param key source and external id
 * @param clientExternalId the external id of its client (same source)
 * @param clientId COR's numeric id of its client
 * @param attributes name, type, status, dates, value, description, currency; never mutated once stored
 */
record CorContract(long id, MappingKey key, String clientExternalId, long clientId, ObjectNode attributes,
        Instant createdAt, Instant updatedAt) {

    /** COR does not document the contract's currency field; the CTR006 template suggests this name. */
    static final String CURRENCY_FIELD = "currency";

    static final List<String> RESPONSE_FIELDS = List.of("type", "status", "start_date", "end_date", "value",
            "description", CURRENCY_FIELD);

    /** The documented response fields, plus {@code description} and the currency the sandbox was sent. */
    ObjectNode toJson(long companyId) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.set("name", attributes.get("name"));
        node.put("client_id", clientId);
        for (String field : RESPONSE_FIELDS) {
            node.set(field, attributes.hasNonNull(field) ? attributes.get(field) : node.nullNode());
        }
        node.put("company_id", companyId);
        node.put("created_at", createdAt.toString());
        node.put("updated_at", updatedAt.toString());
        return node;
    }
}
