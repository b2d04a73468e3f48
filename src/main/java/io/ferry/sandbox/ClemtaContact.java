package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * A Clemta contact held by the sandbox.
 *
 * @param id 24-hex id
 * @param sequence creation order, breaking ties between equal timestamps
 * @param attributes type, status, full_name, email, description, cc/bcc emails, billing, company_id;
 *     never mutated once stored
 * @param createdAt Unix seconds
 * @param updatedAt Unix seconds
 */
record ClemtaContact(String id, long sequence, ObjectNode attributes, long createdAt, long updatedAt) {

    static final List<String> FIELDS = List.of("type", "status", "full_name", "email", "description", "cc_emails",
            "bcc_emails", "billing");

    String companyId() {
        return attributes.path("company_id").asText();
    }

    String fullName() {
        return attributes.path("full_name").asText();
    }

    String email() {
        return attributes.path("email").asText();
    }

    /** Contacts are "the same" for duplicate counting when company and e-mail (any case) match. */
    String naturalKey() {
        return companyId() + "\u0000" + email().toLowerCase(Locale.ROOT);
    }

    /** The documented contact object. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("created_at", createdAt);
        node.put("updated_at", updatedAt);
        for (String field : FIELDS) {
            node.set(field, attributes.has(field) ? attributes.get(field).deepCopy() : node.nullNode());
        }
        return node;
    }
}
