package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.RecordFields;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A cor-contracts record as COR's contract requests (api-reference.md §1.5). client_id is the client's external id.
 * Dates must be real YYYY-MM-DD dates with start not after end; value is sent as a JSON number. The record's
 * {@code currency} column goes out under a configurable body field (cor.contracts.currency-field), because COR does
 * not document its name. The documented update body has no client_id, so an update never moves a contract.
 */
public final class CorContractMapper implements UpsertMapping {

    public static final String PATH = "/contracts";
    public static final String CLIENT_ID = "client_id";
    /** The record column holding the contract's currency (ISO 4217). */
    public static final String CURRENCY = "currency";
    private static final List<String> TEXTS = List.of("type", "status");

    private final CorSources sources;
    private final String currencyField;
    private final IgnoredColumns ignored;

    public CorContractMapper(CorSources sources, String currencyField) {
        this.sources = sources;
        this.currencyField = currencyField;
        Set<String> used = new HashSet<>(List.of("id", "name", CLIENT_ID, "type", "status", "start_date", "end_date",
                "value", "description", CURRENCY, CorSources.FIELD));
        this.ignored = new IgnoredColumns(Targets.COR_CONTRACTS, used);
    }

    @Override
    public void check(Record record, SyncMode mode) {
        RecordFields fields = new RecordFields(record.fields());
        sources.of(fields);
        if (record.externalId() == null) {
            throw InvalidRecordException.missing("id");
        }
        if (mode != SyncMode.UPDATE_ONLY) {
            fields.requiredText("name");
            fields.requiredText(CLIENT_ID);
        }
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
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        body.put("id", record.externalId());
        body.put("name", fields.requiredText("name"));
        body.put(CLIENT_ID, fields.requiredText(CLIENT_ID));
        attributes(body, fields, false);
        return VendorRequest.post(PATH, body);
    }

    @Override
    public VendorRequest updateRequest(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        CorPayloads.putIfValue(body, "name", fields.optionalTextNode("name"));
        attributes(body, fields, true);
        return VendorRequest.put(PATH + "/" + VendorRequest.segment(record.externalId()), body);
    }

    // type, status, dates, value, description and currency, in the documented order; on an update a null clears.
    private void attributes(ObjectNode body, RecordFields fields, boolean update) {
        for (String field : TEXTS) {
            put(body, field, fields.optionalTextNode(field), update);
        }
        put(body, "start_date", fields.optionalTextNode("start_date"), update);
        put(body, "end_date", fields.optionalTextNode("end_date"), update);
        BigDecimal value = fields.number("value");
        put(body, "value", value != null ? RecordFields.numberNode(value) : nullIfCleared(fields, "value"), update);
        put(body, "description", fields.optionalTextNode("description"), update);
        String currency = currency(fields);
        put(body, currencyField, currency != null ? JsonNodeFactory.instance.textNode(currency)
                : nullIfCleared(fields, CURRENCY), update);
    }

    private static void put(ObjectNode body, String field, JsonNode value, boolean update) {
        if (update) {
            CorPayloads.putIfPresent(body, field, value);
        } else {
            CorPayloads.putIfValue(body, field, value);
        }
    }

    private static JsonNode nullIfCleared(RecordFields fields, String path) {
        JsonNode node = fields.get(path);
        return node != null && node.isNull() ? NullNode.getInstance() : null;
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
