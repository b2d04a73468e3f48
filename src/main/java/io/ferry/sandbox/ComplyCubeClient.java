package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A ComplyCube client held by the sandbox.
 *
 * @param id 24-hex id
 * @param sequence creation order, for newest-first listing
 * @param attributes the documented client fields; never mutated once stored
 */
record ComplyCubeClient(String id, long sequence, ObjectNode attributes, Instant createdAt, Instant updatedAt) {

    static final List<String> FIELDS = List.of("type", "email", "mobile", "telephone", "externalId",
            "joinedDate", "personDetails", "companyDetails", "metadata");

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    String type() {
        return attributes.path("type").asText();
    }

    String externalId() {
        return attributes.hasNonNull("externalId") ? attributes.get("externalId").asText() : null;
    }

    /** The client object as ComplyCube returns it; absent fields are left out. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("type", type());
        node.put("entityName", entityName());
        for (String field : FIELDS.subList(1, FIELDS.size())) {
            if (attributes.hasNonNull(field)) {
                node.set(field, attributes.get(field).deepCopy());
            }
        }
        node.put("createdAt", TIMESTAMP.format(createdAt));
        node.put("updatedAt", TIMESTAMP.format(updatedAt));
        return node;
    }

    private String entityName() {
        if ("company".equals(type())) {
            return attributes.path("companyDetails").path("name").asText();
        }
        JsonNode person = attributes.path("personDetails");
        StringBuilder name = new StringBuilder(person.path("firstName").asText());
        if (person.hasNonNull("middleName")) {
            name.append(' ').append(person.get("middleName").asText());
        }
        return name.append(' ').append(person.path("lastName").asText()).toString();
    }
}
