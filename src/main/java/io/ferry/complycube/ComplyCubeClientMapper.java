package io.ferry.complycube;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A complycube-clients record as ComplyCube's client requests (api-reference.md §2.1): POST /clients with type, email,
 * the optional fields present, externalId, personDetails or companyDetails, and metadata that always carries the
 * external id under the configured key (so the client can be found again); POST /clients/{id} with the same minus
 * type. The record's type chooses the details object; the other one is not sent. Local validation covers what
 * ComplyCube documents: type, required details, YYYY-MM-DD dates, ISO 3166 alpha-2 countries, gender, e-mail syntax
 * and the metadata limits (20 keys, 40-character names, 500-character values).
 */
public final class ComplyCubeClientMapper implements UpsertMapping {

    public static final String PATH = "/clients";
    public static final String TYPE_CHANGE = "TYPE_CHANGE";
    public static final int MAX_METADATA_KEYS = 20;
    public static final int MAX_METADATA_KEY_LENGTH = 40;
    public static final int MAX_METADATA_VALUE_LENGTH = 500;

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

    private final String metadataKey;
    private final IgnoredColumns ignored;

    /** @param metadataKey the metadata key that carries the external id (complycube.external-id-metadata-key) */
    public ComplyCubeClientMapper(String metadataKey) {
        this.metadataKey = metadataKey;
        Set<String> used = new HashSet<>(List.of("type", "email", "mobile", "telephone", EXTERNAL_ID, "joinedDate",
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
    public void check(Record record, SyncMode mode) {
        RecordFields fields = new RecordFields(record.fields());
        if (record.externalId() == null) {
            throw InvalidRecordException.missing(EXTERNAL_ID);
        }
        boolean creates = mode != SyncMode.UPDATE_ONLY;
        String type = type(fields);
        if (fields.email("email") == null && creates) {
            throw InvalidRecordException.missing("email");
        }
        TEXTS.forEach(fields::optionalTextNode);
        fields.date("joinedDate");
        if (type.equals("person")) {
            if (creates) {
                fields.requiredText(PERSON + ".firstName");
                fields.requiredText(PERSON + ".lastName");
            }
            fields.date(PERSON + ".dob");
            gender(fields);
            PERSON_COUNTRIES.forEach(field -> fields.country(PERSON + "." + field));
            fields.optionalTextNode(PERSON + ".middleName");
            PERSON_NUMBERS.forEach(field -> fields.optionalTextNode(PERSON + "." + field));
        } else {
            if (creates) {
                fields.requiredText(COMPANY + ".name");
            }
            fields.country(COMPANY + ".incorporationCountry");
            COMPANY_TEXTS.forEach(field -> fields.optionalTextNode(COMPANY + "." + field));
        }
        metadata(fields, record.externalId());
        ignored.check(record.fields());
    }

    @Override
    public VendorRequest createRequest(Record record) {
        return VendorRequest.post(PATH, body(record, false));
    }

    @Override
    public VendorRequest updateRequest(Record record, String vendorId) {
        return VendorRequest.post(PATH + "/" + VendorRequest.segment(vendorId), body(record, true));
    }

    @Override
    public UpsertLookup lookup(Record record) {
        return new ComplyCubeLookup(metadataKey, record.externalId(),
                new RecordFields(record.fields()).email("email"));
    }

    @Override
    public void checkKind(Record record, String kind) {
        String type = type(new RecordFields(record.fields()));
        if (kind != null && !kind.equals(type)) {
            throw new InvalidRecordException(TYPE_CHANGE, "type cannot change from " + kind + " to " + type
                    + "; ComplyCube clients keep their type — create a new record with another external id");
        }
    }

    /** The client type in a ComplyCube client object (person or company), or null. */
    static String type(JsonNode client) {
        String type = client == null ? null : client.path("type").asText(null);
        return "person".equals(type) || "company".equals(type) ? type : null;
    }

    // type, email, mobile, telephone, externalId, joinedDate, details, metadata: the documented order. An update
    // never sends type, sends a cleared optional field as null, and never clears a required one.
    private ObjectNode body(Record record, boolean update) {
        RecordFields fields = new RecordFields(record.fields());
        String type = type(fields);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (!update) {
            body.put("type", type);
        }
        put(body, "email", value(fields, "email", fields.email("email")), false);
        for (String field : TEXTS) {
            put(body, field, fields.optionalTextNode(field), update);
        }
        body.put(EXTERNAL_ID, record.externalId());
        put(body, "joinedDate", value(fields, "joinedDate", text(fields.date("joinedDate"))), update);
        ObjectNode details = type.equals("person") ? person(fields, update) : company(fields, update);
        if (!details.isEmpty()) {
            body.set(type.equals("person") ? PERSON : COMPANY, details);
        }
        body.set(METADATA, metadataBody(fields, record.externalId(), update));
        return body;
    }

    private static ObjectNode person(RecordFields fields, boolean update) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        String p = PERSON + ".";
        put(details, "firstName", fields.optionalTextNode(p + "firstName"), false);
        put(details, "middleName", fields.optionalTextNode(p + "middleName"), update);
        put(details, "lastName", fields.optionalTextNode(p + "lastName"), false);
        put(details, "dob", value(fields, p + "dob", text(fields.date(p + "dob"))), update);
        put(details, "gender", value(fields, p + "gender", gender(fields)), update);
        for (String field : PERSON_COUNTRIES) {
            put(details, field, value(fields, p + field, fields.country(p + field)), update);
        }
        for (String field : PERSON_NUMBERS) {
            put(details, field, fields.optionalTextNode(p + field), update);
        }
        return details;
    }

    private static ObjectNode company(RecordFields fields, boolean update) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        String c = COMPANY + ".";
        put(details, "name", fields.optionalTextNode(c + "name"), false);
        put(details, "website", fields.optionalTextNode(c + "website"), update);
        put(details, "registrationNumber", fields.optionalTextNode(c + "registrationNumber"), update);
        put(details, "incorporationCountry", value(fields, c + "incorporationCountry",
                fields.country(c + "incorporationCountry")), update);
        put(details, "incorporationType", fields.optionalTextNode(c + "incorporationType"), update);
        return details;
    }

    // The record's own metadata (a JSON null clears a key on update), then the external id under the Ferry key.
    private ObjectNode metadataBody(RecordFields fields, String externalId, boolean update) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        JsonNode own = fields.get(METADATA);
        if (own != null && own.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode value = entry.getValue().isTextual() ? TextNode.valueOf(entry.getValue().asText().trim())
                        : entry.getValue();
                put(metadata, entry.getKey(), value, update);
            }
        }
        metadata.put(metadataKey, externalId);
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

    /** The record's type: person or company (any case), required in every mode. */
    private static String type(RecordFields fields) {
        String type = fields.requiredText("type").toLowerCase(Locale.ROOT);
        if (!type.equals("person") && !type.equals("company")) {
            throw InvalidRecordException.invalid("type must be person or company, got '" + fields.optionalText("type")
                    + "'");
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

    // A normalised value as JSON; when there is none, a JSON null if the record clears the field, else null.
    private static JsonNode value(RecordFields fields, String path, String normalised) {
        if (normalised != null) {
            return TextNode.valueOf(normalised);
        }
        JsonNode node = fields.get(path);
        return node != null && node.isNull() ? NullNode.getInstance() : null;
    }

    // On an update a JSON null is sent (it clears the field); on a create, and for required fields, it is left out.
    private static void put(ObjectNode body, String field, JsonNode value, boolean update) {
        if (value != null && (update || !value.isNull())) {
            body.set(field, value);
        }
    }
}
