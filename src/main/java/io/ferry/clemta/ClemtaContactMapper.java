package io.ferry.clemta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.RecordFields;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.UpsertLookup;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A clemta-contacts record as Clemta's contact requests (api-reference.md §3.1): POST /contacts, and PATCH
 * /contacts/{id} that always carries type, full_name, email and company_id (Clemta requires them on PATCH too), plus
 * the optional fields present. The external id column (clemta.external-id-column) only keys Ferry's id map: Clemta
 * contacts have no external id, so it is never sent. cc_emails and bcc_emails are lists; billing.* columns form the
 * billing object. Local validation: the required fields, type customer|vendor, e-mail syntax (email, cc_emails,
 * bcc_emails, billing.email) and an ISO 3166 alpha-2 billing.iso_code.
 */
public final class ClemtaContactMapper implements UpsertMapping {

    public static final String PATH = "/contacts";
    static final List<String> REQUIRED = List.of("type", "full_name", "email", "company_id");
    private static final List<String> TEXTS = List.of("status", "description");
    private static final List<String> LISTS = List.of("cc_emails", "bcc_emails");
    private static final List<String> BILLING = List.of("email", "phone", "phone_code", "iso_code", "country",
            "address_1", "address_2", "postal_code", "district", "state", "province", "tax_id");
    private static final Set<String> TYPES = Set.of("customer", "vendor");

    private final String externalIdColumn;
    private final IgnoredColumns ignored;

    /** @param externalIdColumn the input column that keys the id map (clemta.external-id-column) */
    public ClemtaContactMapper(String externalIdColumn) {
        this.externalIdColumn = externalIdColumn;
        Set<String> used = new HashSet<>(REQUIRED);
        used.addAll(TEXTS);
        used.addAll(LISTS);
        used.add(externalIdColumn);
        BILLING.forEach(field -> used.add("billing." + field));
        this.ignored = new IgnoredColumns(Targets.CLEMTA_CONTACTS, used);
    }

    @Override
    public void check(Record record, SyncMode mode) {
        RecordFields fields = new RecordFields(record.fields());
        if (record.externalId() == null) {
            throw InvalidRecordException.missing(externalIdColumn);
        }
        // Required in every mode: an update (PATCH) must carry them as well.
        type(fields);
        fields.requiredText("full_name");
        if (fields.email("email") == null) {
            throw InvalidRecordException.missing("email");
        }
        fields.requiredText("company_id");
        TEXTS.forEach(fields::optionalTextNode);
        LISTS.forEach(field -> emails(fields, field));
        JsonNode billing = fields.get("billing");
        if (billing != null && !billing.isObject() && !billing.isNull()) {
            throw InvalidRecordException.invalid("billing must be an object (CSV columns billing.<field>)");
        }
        fields.email("billing.email");
        fields.country("billing.iso_code");
        BILLING.forEach(field -> fields.optionalTextNode("billing." + field));
        ignored.check(record.fields());
    }

    @Override
    public VendorRequest createRequest(Record record) {
        return VendorRequest.post(PATH, body(record, false));
    }

    @Override
    public VendorRequest updateRequest(Record record, String vendorId) {
        return VendorRequest.patch(PATH + "/" + VendorRequest.segment(vendorId), body(record, true));
    }

    @Override
    public UpsertLookup lookup(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        return new ClemtaLookup(fields.requiredText("company_id"), fields.email("email"));
    }

    // The documented order. On an update a cleared field is sent as null (a cleared list as []); a create leaves it out.
    private static ObjectNode body(Record record, boolean update) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type(fields));
        body.put("full_name", fields.requiredText("full_name"));
        body.put("email", fields.email("email"));
        body.put("company_id", fields.requiredText("company_id"));
        for (String field : TEXTS) {
            put(body, field, fields.optionalTextNode(field), update);
        }
        for (String field : LISTS) {
            JsonNode list = emails(fields, field);
            // Clemta's lists take no null: an update empties a cleared list instead.
            put(body, field, list != null && list.isNull() && update ? JsonNodeFactory.instance.arrayNode() : list,
                    update);
        }
        JsonNode billing = fields.get("billing");
        if (billing != null && billing.isNull()) {
            put(body, "billing", billing, update);
        } else if (billing != null) {
            ObjectNode sent = JsonNodeFactory.instance.objectNode();
            for (String field : BILLING) {
                String path = "billing." + field;
                JsonNode value = field.equals("iso_code") ? normalised(fields, path, fields.country(path))
                        : field.equals("email") ? normalised(fields, path, fields.email(path))
                        : fields.optionalTextNode(path);
                put(sent, field, value, update);
            }
            if (!sent.isEmpty()) {
                body.set("billing", sent);
            }
        }
        return body;
    }

    /** The record's type: customer or vendor (any case). */
    private static String type(RecordFields fields) {
        String type = fields.requiredText("type").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw InvalidRecordException.invalid("type must be customer or vendor, got '" + fields.optionalText("type")
                    + "'");
        }
        return type;
    }

    // A list of e-mail addresses (a JSON list, or one address as text); a JSON null when cleared; null when absent.
    private static JsonNode emails(RecordFields fields, String path) {
        JsonNode node = fields.get(path);
        if (node == null || node.isNull()) {
            return node;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : items) {
            String address = item.isValueNode() ? item.asText().trim() : item.toString();
            if (!item.isTextual() || !RecordFields.isEmail(address)) {
                throw InvalidRecordException.invalid(path + " must hold e-mail addresses such as jane@example.com, got '"
                        + address + "'");
            }
            list.add(address);
        }
        return list;
    }

    private static JsonNode normalised(RecordFields fields, String path, String value) {
        if (value != null) {
            return TextNode.valueOf(value);
        }
        JsonNode node = fields.get(path);
        return node != null && node.isNull() ? NullNode.getInstance() : null;
    }

    private static void put(ObjectNode body, String field, JsonNode value, boolean update) {
        if (value != null && (update || !value.isNull())) {
            body.set(field, value);
        }
    }
}
