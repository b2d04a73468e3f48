package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Clemta contact body (create or PATCH, which the docs give the same required fields:
 * type, full_name, email, company_id) into the fields to store; 400 INVALID_REQUEST otherwise.
 */
final class ClemtaContactReader {

    static final List<String> REQUIRED = List.of("type", "full_name", "email", "company_id");
    private static final Set<String> TYPES = Set.of("customer", "vendor");
    private static final Set<String> BILLING_FIELDS = Set.of("email", "phone", "phone_code", "iso_code", "country",
            "address_1", "address_2", "postal_code", "district", "state", "province", "tax_id");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final JsonObjectReader json;

    ClemtaContactReader(JsonObjectReader json) {
        this.json = json;
    }

    ObjectNode read(SandboxRequest request) {
        ObjectNode body = json.read(request, ClemtaContactReader::invalid);
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (String field : REQUIRED) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw invalid(field + " is required");
            }
            if (!value.isTextual()) {
                throw invalid(field + " must be a string");
            }
            fields.set(field, value);
        }
        if (!TYPES.contains(fields.get("type").asText())) {
            throw invalid("type must be one of: customer, vendor");
        }
        if (!EMAIL.matcher(fields.get("email").asText()).matches()) {
            throw invalid("email must be a valid email address");
        }
        for (String field : List.of("status", "description")) {
            JsonNode value = body.get(field);
            if (value != null && !value.isTextual() && !value.isNull()) {
                throw invalid(field + " must be a string");
            }
            if (value != null) {
                fields.set(field, value);
            }
        }
        for (String field : List.of("cc_emails", "bcc_emails")) {
            JsonNode value = body.get(field);
            if (value == null) {
                continue;
            }
            if (!value.isArray()) {
                throw invalid(field + " must be an array of email addresses");
            }
            for (JsonNode email : value) {
                if (!email.isTextual() || !EMAIL.matcher(email.asText()).matches()) {
                    throw invalid(field + " must contain valid email addresses");
                }
            }
            fields.set(field, value);
        }
        billing(body.get("billing"), fields);
        return fields;
    }

    private static void billing(JsonNode billing, ObjectNode fields) {
        if (billing == null) {
            return;
        }
        if (!billing.isObject() && !billing.isNull()) {
            throw invalid("billing must be an object");
        }
        billing.fieldNames().forEachRemaining(name -> {
            if (!BILLING_FIELDS.contains(name)) {
                throw invalid("billing." + name + " is not allowed");
            }
            JsonNode value = billing.get(name);
            if (!value.isTextual() && !value.isNull()) {
                throw invalid("billing." + name + " must be a string");
            }
        });
        fields.set("billing", billing);
    }

    private static ApiRejection invalid(String details) {
        return ClemtaError.invalidRequest(details).rejection();
    }
}
