package io.ferry.complycube;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A complycube-clients record as ComplyCube's client requests (api-reference.md §2.1).
 *
 * <ul>
 *   <li>Create: POST /clients with type, email, the optional fields present, externalId, personDetails or
 *       companyDetails, and metadata carrying the external id under the configured key (so the client can be found
 *       again). It needs type, email (unless complycube.create-requires-email is false) and the details' names.
 *   <li>Update: POST /clients/{id} with the fields the record has and nothing else, as ComplyCube documents ("any
 *       parameters not provided will be left unchanged"): never type, and neither externalId nor Ferry's metadata
 *       key, except when a lookup found the client by e-mail and the update links it to the record.
 * </ul>
 *
 * The record's type, or else the details object it carries, chooses the details; a record whose type differs from the
 * client's is rejected ({@value #TYPE_IMMUTABLE}): ComplyCube never changes a client's type. Local validation covers
 * what ComplyCube documents: type, YYYY-MM-DD dates, ISO 3166 alpha-2 countries, gender, e-mail syntax and the
 * metadata limits (20 keys counting Ferry's, 40-character names, 500-character values).
 */
public final class ComplyCubeClientMapper implements UpsertMapping {

    public static final String PATH = "/clients";
    /** Outcome code of a record whose type is not its client's. */
    public static final String TYPE_IMMUTABLE = "TYPE_IMMUTABLE";
    public static final int MAX_METADATA_KEYS = 20;
    public static final int MAX_METADATA_KEY_LENGTH = 40;
    public static final int MAX_METADATA_VALUE_LENGTH = 500;
    static final String TYPE = "type";

    static final String EXTERNAL_ID = "externalId";
    static final String PERSON = "personDetails";
    static final String COMPANY = "companyDetails";
    static final String METADATA = "metadata";

    private static final List<String> TEXTS = List.of("mobile", "telephone");
    private static final List<String> PERSON_NUMBERS = List.of("ssn", "socialInsuranceNumber",
            "nationalIdentityNumber", "taxIdentificationNumber");
    private static final List<String> PERSON_COUNTRIES = List.of("nationality", "birthCountry");
    private static final List<String> COMPANY_TEXTS = List.of("website", "registrationNumber", "incorporationType");
    private static final Set<String> GENDERS = Set.of("male", "female", "other");
    /** The fields an update may clear (complycube.clear-fields); metadata.* stands for every metadata key. */
    public static final List<String> CLEARABLE = List.of("mobile", "telephone", "joinedDate", PERSON + ".middleName",
            PERSON + ".dob", PERSON + ".gender", PERSON + ".nationality", PERSON + ".birthCountry", PERSON + ".ssn",
            PERSON + ".socialInsuranceNumber", PERSON + ".nationalIdentityNumber", PERSON + ".taxIdentificationNumber",
            COMPANY + ".website", COMPANY + ".registrationNumber", COMPANY + ".incorporationCountry",
            COMPANY + ".incorporationType", METADATA + ".*");

    private final String metadataKey;
    private final boolean emailRequired;
    private final ClearableFields clearable;
    private final IgnoredColumns ignored;

    /** @param metadataKey the metadata key that carries the external id (complycube.external-id-metadata-key) */
    public ComplyCubeClientMapper(String metadataKey) {
        this(metadataKey, true, ClearableFields.NONE);
    }

    /**
     * @param emailRequired a create needs an e-mail (complycube.create-requires-email: v1.7.3 of the docs says so,
     *                      v1.7.2 did not)
     * @param clearable     the fields an update clears when the record holds null (complycube.clear-fields)
     */
    public ComplyCubeClientMapper(String metadataKey, boolean emailRequired, ClearableFields clearable) {
        this.metadataKey = metadataKey;
        this.emailRequired = emailRequired;
        this.clearable = clearable;
        Set<String> used = new HashSet<>(List.of(TYPE, "email", "mobile", "telephone", EXTERNAL_ID, "joinedDate",
                METADATA));
        for (String field : List.of("firstName", "lastName", "middleName", "dob", "gender", "nationality",
                "birthCountry", "ssn", "socialInsuranceNumber", "nationalIdentityNumber", "taxIdentificationNumber")) {
            used.add(PERSON + "." + field);
        }
        for (String field : List.of("name", "website", "registrationNumber", "incorporationCountry",
                "incorporationType")) {
            used.add(COMPANY + "." + field);
        }
        this.ignored = new IgnoredColumns(Targets.COMPLYCUBE_CLIENTS, used);
    }

    @Override
    public void check(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        if (record.externalId() == null) {
            throw InvalidRecordException.missing(EXTERNAL_ID);
        }
        type(fields);
        fields.email("email");
        TEXTS.forEach(fields::optionalTextNode);
        fields.date("joinedDate");
        fields.optionalTextNode(PERSON + ".firstName");
        fields.optionalTextNode(PERSON + ".lastName");
        fields.optionalTextNode(PERSON + ".middleName");
        fields.date(PERSON + ".dob");
        gender(fields);
        PERSON_COUNTRIES.forEach(field -> fields.country(PERSON + "." + field));
        PERSON_NUMBERS.forEach(field -> fields.optionalTextNode(PERSON + "." + field));
        fields.optionalTextNode(COMPANY + ".name");
        fields.country(COMPANY + ".incorporationCountry");
        COMPANY_TEXTS.forEach(field -> fields.optionalTextNode(COMPANY + "." + field));
        metadata(fields, record.externalId());
        ignored.check(record.fields());
    }

    @Override
    public List<String> missingForCreate(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        List<String> missing = new ArrayList<>();
        String type = fields.has(TYPE) ? type(fields) : null;
        if (type == null) {
            missing.add(TYPE);
        }
        if (emailRequired && !fields.has("email")) {
            missing.add("email");
        }
        List<String> names = "company".equals(type) ? List.of(COMPANY + ".name")
                : "person".equals(type) ? List.of(PERSON + ".firstName", PERSON + ".lastName") : List.of();
        for (String name : names) {
            if (!fields.has(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    @Override
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        String type = type(fields);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put(TYPE, type);
        attributes(body, fields, type, record.externalId(), false);
        ObjectNode metadata = ownMetadata(fields, false);
        metadata.put(metadataKey, record.externalId());
        body.set(METADATA, metadata);
        return VendorRequest.post(PATH, body);
    }

    // The fields the record has, in the documented order; never type, externalId or Ferry's metadata key.
    @Override
    public ObjectNode updateBody(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        attributes(body, fields, type(fields), null, true);
        ObjectNode metadata = ownMetadata(fields, true);
        if (!metadata.isEmpty()) {
            body.set(METADATA, metadata);
        }
        return body;
    }

    @Override
    public VendorRequest updateRequest(Record record, Entity entity) {
        ObjectNode body = updateBody(record);
        if (entity.adopted()) {
            // Found by e-mail: the client now carries the record's external id, so the next lookup finds it by that.
            body.put(EXTERNAL_ID, record.externalId());
            ObjectNode metadata = body.has(METADATA) ? (ObjectNode) body.remove(METADATA)
                    : JsonNodeFactory.instance.objectNode();
            metadata.put(metadataKey, record.externalId());
            body.set(METADATA, metadata);
        }
        return VendorRequest.post(PATH + "/" + VendorRequest.segment(entity.vendorId()), body);
    }

    @Override
    public boolean needsVendorId() {
        return true;
    }

    @Override
    public UpsertLookup lookup(Record record) {
        return new ComplyCubeLookup(metadataKey, record.externalId(),
                new RecordFields(record.fields()).email("email"));
    }

    @Override
    public Pinned pinned(Record record) {
        return Pinned.NONE.with(TYPE, type(new RecordFields(record.fields())));
    }

    @Override
    public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
        return new InvalidRecordException(TYPE_IMMUTABLE, "type is " + given + " (from the record's type or its "
                + (given.equals("person") ? PERSON : COMPANY) + "), but the ComplyCube client of " + record.externalId()
                + " is a " + kept + "; ComplyCube never changes a client's type (give the record another external id"
                + " to create a new client)");
    }

    /** The client type in a ComplyCube client object (person or company), or null. */
    static String type(JsonNode client) {
        String type = client == null ? null : client.path(TYPE).asText(null);
        return "person".equals(type) || "company".equals(type) ? type : null;
    }

    /** What can never change of a client, from ComplyCube's client object: its type. */
    static Pinned pinnedOf(JsonNode client) {
        return Pinned.NONE.with(TYPE, type(client));
    }

    // email, mobile, telephone, externalId (when given), joinedDate, then the details object of the type: the
    // documented order. On an update, a null is sent only for a field that may be cleared, never for a required one.
    private void attributes(ObjectNode body, RecordFields fields, String type, String externalId, boolean update) {
        put(body, "email", normalised(fields, "email", fields.email("email")), "email", false);
        for (String field : TEXTS) {
            put(body, field, fields.optionalTextNode(field), field, update);
        }
        if (externalId != null) {
            body.put(EXTERNAL_ID, externalId);
        }
        put(body, "joinedDate", normalised(fields, "joinedDate", text(fields.date("joinedDate"))), "joinedDate", update);
        if (type == null) {
            return;
        }
        ObjectNode details = type.equals("person") ? person(fields, update) : company(fields, update);
        if (!details.isEmpty()) {
            body.set(type.equals("person") ? PERSON : COMPANY, details);
        }
    }

    private ObjectNode person(RecordFields fields, boolean update) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        String p = PERSON + ".";
        put(details, "firstName", fields.optionalTextNode(p + "firstName"), p + "firstName", false);
        put(details, "middleName", fields.optionalTextNode(p + "middleName"), p + "middleName", update);
        put(details, "lastName", fields.optionalTextNode(p + "lastName"), p + "lastName", false);
        put(details, "dob", normalised(fields, p + "dob", text(fields.date(p + "dob"))), p + "dob", update);
        put(details, "gender", normalised(fields, p + "gender", gender(fields)), p + "gender", update);
        for (String field : PERSON_COUNTRIES) {
            put(details, field, normalised(fields, p + field, fields.country(p + field)), p + field, update);
        }
        for (String field : PERSON_NUMBERS) {
            put(details, field, fields.optionalTextNode(p + field), p + field, update);
        }
        return details;
    }

    private ObjectNode company(RecordFields fields, boolean update) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        String c = COMPANY + ".";
        put(details, "name", fields.optionalTextNode(c + "name"), c + "name", false);
        for (String field : List.of("website", "registrationNumber")) {
            put(details, field, fields.optionalTextNode(c + field), c + field, update);
        }
        put(details, "incorporationCountry", normalised(fields, c + "incorporationCountry",
                fields.country(c + "incorporationCountry")), c + "incorporationCountry", update);
        put(details, "incorporationType", fields.optionalTextNode(c + "incorporationType"), c + "incorporationType",
                update);
        return details;
    }

    // The record's own metadata, values trimmed; on an update a null clears a key when metadata.* may be cleared.
    private ObjectNode ownMetadata(RecordFields fields, boolean update) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        JsonNode own = fields.get(METADATA);
        if (own != null && own.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().equals(metadataKey)) {
                    continue;
                }
                JsonNode value = entry.getValue().isTextual() ? TextNode.valueOf(entry.getValue().asText().trim())
                        : entry.getValue();
                put(metadata, entry.getKey(), value, METADATA + "." + entry.getKey(), update);
            }
        }
        return metadata;
    }

    private void metadata(RecordFields fields, String externalId) {
        JsonNode own = fields.get(METADATA);
        if (own == null || own.isNull()) {
            return;
        }
        if (!own.isObject()) {
            throw InvalidRecordException.invalid(METADATA + " must be key/value pairs (CSV columns " + METADATA
                    + ".<key>)");
        }
        // Ferry's key is on every client it created or linked, so it counts against the limit.
        Set<String> keys = new HashSet<>(Set.of(metadataKey));
        for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = METADATA + "." + entry.getKey();
            JsonNode value = entry.getValue();
            if (entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                throw InvalidRecordException.invalid(path + ": metadata key names may have at most "
                        + MAX_METADATA_KEY_LENGTH + " characters, this one has " + entry.getKey().length());
            }
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw InvalidRecordException.invalid(path + " must be text, a number or true/false");
            }
            if (value.asText().trim().length() > MAX_METADATA_VALUE_LENGTH) {
                throw InvalidRecordException.invalid(path + " is " + value.asText().trim().length()
                        + " characters long; ComplyCube allows at most " + MAX_METADATA_VALUE_LENGTH);
            }
            if (entry.getKey().equals(metadataKey) && !value.asText().trim().equals(externalId)) {
                throw InvalidRecordException.invalid(path + " is where Ferry keeps the external id (" + externalId
                        + "); leave the column out or give it the same value");
            }
            keys.add(entry.getKey());
        }
        if (keys.size() > MAX_METADATA_KEYS) {
            throw InvalidRecordException.invalid(METADATA + " has " + keys.size() + " keys, counting " + metadataKey
                    + " which Ferry adds; ComplyCube allows at most " + MAX_METADATA_KEYS);
        }
    }

    /**
     * The record's type: its type field (person or company, any case), else the kind of details it carries; null when
     * it says neither. A record that carries both kinds of details, or the other kind than its type, is refused.
     */
    private static String type(RecordFields fields) {
        boolean person = fields.get(PERSON) != null && !fields.get(PERSON).isNull();
        boolean company = fields.get(COMPANY) != null && !fields.get(COMPANY).isNull();
        if (person && company) {
            throw InvalidRecordException.invalid("the record has both " + PERSON + " and " + COMPANY
                    + "; a ComplyCube client is a person or a company");
        }
        String given = fields.optionalText(TYPE);
        if (given == null) {
            return person ? "person" : company ? "company" : null;
        }
        String type = given.toLowerCase(Locale.ROOT);
        if (!type.equals("person") && !type.equals("company")) {
            throw InvalidRecordException.invalid("type must be person or company, got '" + given + "'");
        }
        if (type.equals("person") && company || type.equals("company") && person) {
            throw InvalidRecordException.invalid("type is " + type + ", but the record has "
                    + (person ? PERSON : COMPANY));
        }
        return type;
    }

    private static String gender(RecordFields fields) {
        String gender = fields.optionalText(PERSON + ".gender");
        if (gender == null) {
            return null;
        }
        String value = gender.toLowerCase(Locale.ROOT);
        if (!GENDERS.contains(value)) {
            throw InvalidRecordException.invalid(PERSON + ".gender must be male, female or other, got '" + gender + "'");
        }
        return value;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    // A normalised value as JSON; when there is none, the record's null if it holds one (a clear), else null.
    private static JsonNode normalised(RecordFields fields, String path, String value) {
        if (value != null) {
            return TextNode.valueOf(value);
        }
        JsonNode node = fields.get(path);
        return node != null && node.isNull() ? node : null;
    }

    // A value is set; a null only on an update of a field that may be cleared (never on a create or a required field).
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
