package io.ferry.clemta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.RecordFields;
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
 * /contacts/{id}. The external id column (clemta.external-id-column) only keys Ferry's id map: Clemta contacts have no
 * external id, so it is never sent. cc_emails and bcc_emails are lists; billing.* columns form the billing object.
 *
 * <p>A create needs type, full_name, email and company_id. Clemta's reference lists the same four as required on PATCH
 * (clemta.patch-required-fields): a PATCH carries the fields the record has, and those four always. What the record
 * lacks of them comes from Ferry's id map (the contact's company_id, kept from its first delivery) or from the contact
 * itself, read first ({@code GET /contacts/{id}}). Whether Clemta merges a PATCH's billing into the contact's or
 * replaces it is not documented (clemta.patch-billing): with {@code replace}, the safe default, a PATCH that changes
 * billing sends the whole billing object, the contact's own keys under the record's, so no billing field is lost.
 *
 * <p>Local validation: type customer|vendor, e-mail syntax (email, cc_emails, bcc_emails, billing.email) and an ISO
 * 3166 alpha-2 billing.iso_code.
 */
public final class ClemtaContactMapper implements UpsertMapping {

    public static final String PATH = "/contacts";
    public static final String COMPANY_ID = "company_id";
    /** Outcome code of a record whose company_id is not the company its contact was created in. */
    public static final String COMPANY_MISMATCH = "COMPANY_MISMATCH";
    static final List<String> REQUIRED = List.of("type", "full_name", "email", COMPANY_ID);
    private static final List<String> TEXTS = List.of("status", "description");
    private static final List<String> LISTS = List.of("cc_emails", "bcc_emails");
    static final List<String> BILLING = List.of("email", "phone", "phone_code", "iso_code", "country",
            "address_1", "address_2", "postal_code", "district", "state", "province", "tax_id");
    private static final Set<String> TYPES = Set.of("customer", "vendor");
    /** The fields an update may clear (clemta.clear-fields). */
    public static final List<String> CLEARABLE;

    static {
        List<String> clearable = new ArrayList<>(List.of("status", "description", "cc_emails", "bcc_emails", "billing"));
        BILLING.forEach(field -> clearable.add("billing." + field));
        CLEARABLE = List.copyOf(clearable);
    }

    /** How Clemta applies a PATCH's billing object to the contact's (clemta.patch-billing). */
    public enum BillingPatch {
        /** The billing sent replaces the contact's: Ferry sends the whole object (the safe assumption). */
        REPLACE,
        /** The keys sent are merged into the contact's billing: Ferry sends the record's keys only. */
        MERGE
    }

    private final String externalIdColumn;
    private final List<String> patchRequired;
    private final BillingPatch billingPatch;
    private final ClearableFields clearable;
    private final IgnoredColumns ignored;

    /** @param externalIdColumn the input column that keys the id map (clemta.external-id-column) */
    public ClemtaContactMapper(String externalIdColumn) {
        this(externalIdColumn, REQUIRED, BillingPatch.REPLACE, ClearableFields.NONE);
    }

    /**
     * @param patchRequired the fields every PATCH carries (clemta.patch-required-fields)
     * @param billingPatch  how Clemta applies a PATCH's billing (clemta.patch-billing)
     * @param clearable     the fields an update clears when the record holds null (clemta.clear-fields)
     */
    public ClemtaContactMapper(String externalIdColumn, List<String> patchRequired, BillingPatch billingPatch,
                               ClearableFields clearable) {
        for (String field : patchRequired) {
            if (!REQUIRED.contains(field)) {
                throw new IllegalArgumentException("configuration clemta.patch-required-fields may list "
                        + String.join(", ", REQUIRED) + ", not '" + field + "'");
            }
        }
        this.externalIdColumn = externalIdColumn;
        this.patchRequired = List.copyOf(patchRequired);
        this.billingPatch = billingPatch;
        this.clearable = clearable;
        Set<String> used = new HashSet<>(REQUIRED);
        used.addAll(TEXTS);
        used.addAll(LISTS);
        used.add(externalIdColumn);
        BILLING.forEach(field -> used.add("billing." + field));
        this.ignored = new IgnoredColumns(Targets.CLEMTA_CONTACTS, used);
    }

    @Override
    public void check(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        if (record.externalId() == null) {
            throw InvalidRecordException.missing(externalIdColumn);
        }
        type(fields);
        fields.optionalTextNode("full_name");
        fields.email("email");
        fields.optionalTextNode(COMPANY_ID);
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
    public List<String> missingForCreate(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        return REQUIRED.stream().filter(field -> !fields.has(field)).toList();
    }

    @Override
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type(fields));
        body.put("full_name", fields.requiredText("full_name"));
        body.put("email", fields.email("email"));
        body.put(COMPANY_ID, fields.requiredText(COMPANY_ID));
        optional(body, fields, false);
        return VendorRequest.post(PATH, body);
    }

    // The fields the record has, in the documented order; a null only for a field that may be cleared.
    @Override
    public ObjectNode updateBody(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String type = type(fields);
        if (type != null) {
            body.put("type", type);
        }
        putValue(body, "full_name", fields.optionalTextNode("full_name"));
        putValue(body, "email", fields.has("email") ? TextNode.valueOf(fields.email("email")) : null);
        putValue(body, COMPANY_ID, fields.optionalTextNode(COMPANY_ID));
        optional(body, fields, true);
        return body;
    }

    @Override
    public VendorRequest readBeforeUpdate(Record record, Entity entity) {
        ObjectNode body = updateBody(record);
        boolean lacksRequired = patchRequired.stream()
                .anyMatch(field -> !body.has(field) && !(field.equals(COMPANY_ID) && entity.pinned().get(COMPANY_ID) != null));
        boolean partialBilling = billingPatch == BillingPatch.REPLACE && body.path("billing").isObject()
                && body.path("billing").size() < BILLING.size();
        return lacksRequired || partialBilling ? VendorRequest.get(PATH + "/" + VendorRequest.segment(entity.vendorId()),
                null) : null;
    }

    @Override
    public VendorRequest updateRequest(Record record, Entity entity) {
        ObjectNode body = updateBody(record);
        JsonNode contact = entity.current() == null ? null : entity.current().path("data");
        for (String field : patchRequired) {
            if (body.has(field)) {
                continue;
            }
            JsonNode known = field.equals(COMPANY_ID) ? TextNode.valueOf(entity.pinned().get(COMPANY_ID))
                    : contact == null ? null : contact.get(field);
            if (known == null || !known.isTextual() || known.asText().isBlank()) {
                throw new InvalidRecordException(InvalidRecordException.MISSING_FIELD, field + " is required on"
                        + " every Clemta PATCH (clemta.patch-required-fields), and neither the record nor "
                        + (field.equals(COMPANY_ID) ? "Ferry's id map" : "the contact") + " has it");
            }
            body.set(field, known);
        }
        if (contact != null && billingPatch == BillingPatch.REPLACE && body.get("billing") instanceof ObjectNode billing
                && contact.path("billing") instanceof ObjectNode theirs) {
            // The record's billing keys over the contact's: the whole object, as a replace needs it.
            ObjectNode whole = theirs.deepCopy();
            whole.retain(BILLING);
            whole.setAll(billing);
            body.set("billing", whole);
        }
        return VendorRequest.patch(PATH + "/" + VendorRequest.segment(entity.vendorId()), ordered(body));
    }

    @Override
    public boolean needsVendorId() {
        return true;
    }

    @Override
    public UpsertLookup lookup(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        String company = fields.optionalText(COMPANY_ID);
        String email = fields.email("email");
        return company == null || email == null ? null : new ClemtaLookup(company, email);
    }

    @Override
    public List<String> lookupFields() {
        return List.of(COMPANY_ID, "email");
    }

    @Override
    public Pinned pinned(Record record) {
        return Pinned.NONE.with(COMPANY_ID, new RecordFields(record.createFields()).optionalText(COMPANY_ID));
    }

    @Override
    public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
        return new InvalidRecordException(COMPANY_MISMATCH, COMPANY_ID + " is " + given + ", but the Clemta contact of "
                + record.externalId() + " was created in company " + kept + "; Ferry keeps a contact in its company"
                + " (give the record another " + externalIdColumn + " to create it in " + given + ")");
    }

    // status, description, the lists and billing, as far as the record has them. On a create nulls are left out.
    private void optional(ObjectNode body, RecordFields fields, boolean update) {
        for (String field : TEXTS) {
            put(body, field, fields.optionalTextNode(field), field, update);
        }
        for (String field : LISTS) {
            JsonNode list = emails(fields, field);
            // Clemta's lists take no null: a cleared list is sent empty.
            put(body, field, list != null && list.isNull() && update && clearable.contains(field)
                    ? JsonNodeFactory.instance.arrayNode() : list, field, update);
        }
        JsonNode billing = fields.get("billing");
        if (billing != null && billing.isNull()) {
            put(body, "billing", billing, "billing", update);
        } else if (billing != null) {
            ObjectNode sent = JsonNodeFactory.instance.objectNode();
            for (String field : BILLING) {
                String path = "billing." + field;
                JsonNode value = field.equals("iso_code") ? normalised(fields, path, fields.country(path))
                        : field.equals("email") ? normalised(fields, path, fields.email(path))
                        : fields.optionalTextNode(path);
                put(sent, field, value, path, update);
            }
            if (!sent.isEmpty()) {
                body.set("billing", sent);
            }
        }
    }

    // The documented order: type, full_name, email, company_id, then the optional fields.
    private static ObjectNode ordered(ObjectNode body) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        for (String field : REQUIRED) {
            if (body.has(field)) {
                ordered.set(field, body.get(field));
            }
        }
        body.fields().forEachRemaining(field -> {
            if (!ordered.has(field.getKey())) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }

    /** The record's type: customer or vendor (any case), or null when it has none. */
    private static String type(RecordFields fields) {
        String given = fields.optionalText("type");
        if (given == null) {
            return null;
        }
        String type = given.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw InvalidRecordException.invalid("type must be customer or vendor, got '" + given + "'");
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
        return node != null && node.isNull() ? node : null;
    }

    private static void putValue(ObjectNode body, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            body.set(field, value);
        }
    }

    // A value is set; a null only on an update of a field that may be cleared.
    private void put(ObjectNode body, String field, JsonNode value, String path, boolean update) {
        if (value == null) {
            return;
        }
        if (value.isNull()) {
            if (update && clearable.contains(path)) {
                body.set(field, value);
            }
            return;
        }
        body.set(field, value);
    }
}
