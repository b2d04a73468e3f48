package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A COR client held by the sandbox.
 *
 * @param id COR's numeric id
 * @param key source and external id
 * @param attributes name and the optional string fields; never mutated once stored
 */
record CorClient(long id, MappingKey key, ObjectNode attributes, Instant createdAt, Instant updatedAt) {

    static final List<String> OPTIONAL_FIELDS = List.of("business_name", "email_contact", "name_contact",
            "last_name_contact", "phone", "website", "description");

    /** The documented response: the bare entity with COR's numeric id. */
    ObjectNode toJson(long companyId) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.set("name", attributes.get("name"));
        for (String field : OPTIONAL_FIELDS) {
            node.set(field, attributes.hasNonNull(field) ? attributes.get(field) : node.nullNode());
        }
        node.put("company_id", companyId);
        node.put("created_at", createdAt.toString());
        node.put("updated_at", updatedAt.toString());
        return node;
    }
}
