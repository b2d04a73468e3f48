package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.RecordFields;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A cor-contracts record as COR's contract requests (api-reference.md §1.5). client_id is the client's external id.
 * Dates must be real YYYY-MM-DD dates with start not after end; value is sent as a JSON number. The record's
 * {@code currency} column goes out under a configurable body field (cor.contracts.currency-field), because COR does
 * not document its name.
 *
 * <p>A create needs name and client_id. An update sends metadata and the fields the record has, which is all COR
 * changes; the documented update body has no client_id, so an update never moves a contract, and a record whose
 * client_id differs from the one the contract was created under is rejected ({@value #CLIENT_ID_MISMATCH}). COR
 * validates dates, value, type and status on every update as on a create, so a record that would clear one of them
 * (a null) is rejected ({@value #CANNOT_CLEAR}) rather than sent.
 */
public final class CorContractMapper implements UpsertMapping {

    public static final String PATH = "/contracts";
    public static final String CLIENT_ID = "client_id";
    /** The record column holding the contract's currency (ISO 4217). */
    public static final String CURRENCY = "currency";
    /** Outcome code of a record whose client_id is not the client its contract was created under. */
    public static final String CLIENT_ID_MISMATCH = "CLIENT_ID_MISMATCH";
    /** Outcome code of a record that would clear a field COR validates on every update. */
    public static final String CANNOT_CLEAR = "CANNOT_CLEAR";
    /** The fields COR validates on update as on create: a null is never sent for them. */
    public static final List<String> TYPED = List.of("type", "status", "start_date", "end_date", "value", CURRENCY);
    /** The fields an update may clear (cor.contracts.clear-fields). */
    public static final List<String> CLEARABLE = List.of("description");
    private static final List<String> TEXTS = List.of("type", "status");

    private final CorSources sources;
    private final String currencyField;
    private final ClearableFields clearable;
    private final IgnoredColumns ignored;

    public CorContractMapper(CorSources sources, String currencyField) {
        this(sources, currencyField, ClearableFields.NONE);
    }

    /** @param clearable the fields an update clears when the record holds null (cor.contracts.clear-fields) */
    public CorContractMapper(CorSources sources, String currencyField, ClearableFields clearable) {
        this.sources = sources;
        this.currencyField = currencyField;
        this.clearable = clearable;
        Set<String> used = new HashSet<>(List.of("id", "name", CLIENT_ID, "type", "status", "start_date", "end_date",
                "value", "description", CURRENCY, CorSources.FIELD));
        this.ignored = new IgnoredColumns(Targets.COR_CONTRACTS, used);
    }

    @Override
    public void check(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        sources.of(fields);
        if (record.externalId() == null) {
            throw InvalidRecordException.missing("id");
        }
        fields.optionalTextNode("name");
        fields.optionalTextNode(CLIENT_ID);
        TEXTS.forEach(fields::optionalTextNode);
        fields.optionalTextNode("description");
        LocalDate start = fields.date("start_date");
        LocalDate end = fields.date("end_date");
        if (start != null && end != null && end.isBefore(start)) {
            throw InvalidRecordException.invalid("end_date is before start_date (" + end + " < " + start + ")");
        }
        fields.number("value");
        currency(fields);
        ignored.check(record.fields());
    }

    @Override
    public List<String> missingForCreate(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        List<String> missing = new ArrayList<>(2);
        for (String field : List.of("name", CLIENT_ID)) {
            if (!fields.has(field)) {
                missing.add(field);
            }
        }
        return missing;
    }

    @Override
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        body.put("id", record.externalId());
        body.put("name", fields.requiredText("name"));
        body.put(CLIENT_ID, fields.requiredText(CLIENT_ID));
        for (String field : TEXTS) {
            CorPayloads.putIfValue(body, field, fields.optionalTextNode(field));
        }
        CorPayloads.putIfValue(body, "start_date", fields.optionalTextNode("start_date"));
        CorPayloads.putIfValue(body, "end_date", fields.optionalTextNode("end_date"));
        BigDecimal value = fields.number("value");
        CorPayloads.putIfValue(body, "value", value != null ? RecordFields.numberNode(value) : null);
        CorPayloads.putIfValue(body, "description", fields.optionalTextNode("description"));
        String currency = currency(fields);
        CorPayloads.putIfValue(body, currencyField, currency != null ? JsonNodeFactory.instance.textNode(currency) : null);
        return VendorRequest.post(PATH, body);
    }

    // metadata, then the fields present in the documented order; client_id never (see the class comment).
    @Override
    public ObjectNode updateBody(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        CorPayloads.putIfValue(body, "name", fields.optionalTextNode("name"));
        for (String field : TEXTS) {
            CorPayloads.putIfValue(body, field, typed(fields, field, fields.optionalTextNode(field)));
        }
        CorPayloads.putIfValue(body, "start_date", typed(fields, "start_date", fields.optionalTextNode("start_date")));
        CorPayloads.putIfValue(body, "end_date", typed(fields, "end_date", fields.optionalTextNode("end_date")));
        BigDecimal value = fields.number("value");
        CorPayloads.putIfValue(body, "value", value != null ? RecordFields.numberNode(value) : typed(fields, "value", null));
        CorPayloads.putIfPresent(body, "description",
                clearable.forUpdate("description", fields.optionalTextNode("description")));
        String currency = currency(fields);
        CorPayloads.putIfValue(body, currencyField, currency != null ? JsonNodeFactory.instance.textNode(currency)
                : typed(fields, CURRENCY, null));
        return body;
    }

    @Override
    public VendorRequest updateRequest(Record record, Entity entity) {
        return VendorRequest.put(PATH + "/" + VendorRequest.segment(record.externalId()), updateBody(record));
    }

    @Override
    public boolean changesNothing(ObjectNode updateBody) {
        return CorPayloads.onlyMetadata(updateBody);
    }

    @Override
    public Pinned pinned(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        return sources.pinned(record).with(CLIENT_ID, fields.has(CLIENT_ID) ? fields.optionalText(CLIENT_ID) : null);
    }

    @Override
    public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
        if (path.equals(CLIENT_ID)) {
            return new InvalidRecordException(CLIENT_ID_MISMATCH, CLIENT_ID + " is " + given + ", but contract "
                    + record.externalId() + " was created under client " + kept + "; COR's contract update has no "
                    + CLIENT_ID + ", so a contract cannot move to another client (leave " + CLIENT_ID + " out, or give"
                    + " " + kept + ")");
        }
        return sources.mismatch(record, kept, given);
    }

    // A typed field's value; a null there cannot be sent, so the record is rejected, naming the field.
    private static JsonNode typed(RecordFields fields, String path, JsonNode value) {
        JsonNode own = fields.get(path);
        if (own != null && own.isNull()) {
            throw new InvalidRecordException(CANNOT_CLEAR, path + " is empty, and COR validates " + path + " on every"
                    + " update, so it cannot be cleared; leave the field out to keep the value COR has");
        }
        return value;
    }

    /** The contract's currency, upper-cased: three letters (ISO 4217), or null when absent. */
    static String currency(RecordFields fields) {
        String value = fields.optionalText(CURRENCY);
        if (value == null) {
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            throw InvalidRecordException.invalid(CURRENCY + " must be a three-letter ISO 4217 code such as EUR, got '"
                    + value + "'");
        }
        return code;
    }
}
