package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.RecordFields;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A cor-exchange-rates record as one item of COR's currency-exchanges batch (api-reference.md §1.5):
 * foreign_currency, base_currency (the record's, else cor.base-currency), amount and factor as numbers,
 * effective_date, and the record's metadata except the source (which belongs to the batch).
 */
public final class CorRateMapper {

    public static final String PATH = "/currency-exchanges";

    /** One rate ready for a batch: the batch's source and the item to send. */
    public record RateItem(String externalId, String source, String foreign, String base, String day, ObjectNode item) {
    }

    private final CorSources sources;
    private final String baseCurrency;
    private final IgnoredColumns ignored = new IgnoredColumns(Targets.COR_EXCHANGE_RATES,
            Set.of("foreign_currency", "base_currency", "amount", "factor", "effective_date", "metadata"));

    /** @param baseCurrency cor.base-currency, or null when every record must carry base_currency */
    public CorRateMapper(CorSources sources, String baseCurrency) {
        this.sources = sources;
        this.baseCurrency = baseCurrency == null || baseCurrency.isBlank() ? null
                : baseCurrency.trim().toUpperCase(Locale.ROOT);
    }

    /** Validates and maps the record; throws {@link InvalidRecordException} naming the field. */
    public RateItem map(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        String source = sources.of(fields);
        String foreign = currency(fields, "foreign_currency", null);
        String base = currency(fields, "base_currency", baseCurrency);
        BigDecimal amount = positive(fields, "amount");
        BigDecimal factor = positive(fields, "factor");
        String effective = fields.requiredText("effective_date");
        String day = day(effective);
        ignored.check(record.fields());

        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("foreign_currency", foreign);
        item.put("base_currency", base);
        item.set("amount", RecordFields.numberNode(amount));
        item.set("factor", RecordFields.numberNode(factor));
        item.put("effective_date", effective);
        JsonNode metadata = fields.get("metadata");
        if (metadata != null && metadata.isObject()) {
            ObjectNode own = ((ObjectNode) metadata).deepCopy();
            own.remove("source");
            if (!own.isEmpty()) {
                item.set("metadata", own);
            }
        }
        return new RateItem(record.externalId(), source, foreign, base, day, item);
    }

    /** The body of one call: the batch's source and its items, in order. */
    public static ObjectNode body(String source, List<RateItem> items) {
        ObjectNode body = CorPayloads.metadata(source);
        items.forEach(rate -> body.withArray("currency_exchanges").add(rate.item()));
        return body;
    }

    private static String currency(RecordFields fields, String path, String fallback) {
        String value = fields.optionalText(path);
        if (value == null) {
            if (fallback == null) {
                throw new InvalidRecordException(InvalidRecordException.MISSING_FIELD, path + " is required"
                        + ("base_currency".equals(path) ? " (or set a default with cor.base-currency)" : ""));
            }
            return fallback;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            throw InvalidRecordException.invalid(path + " must be a three-letter ISO 4217 code such as EUR, got '"
                    + value + "'");
        }
        return code;
    }

    private static BigDecimal positive(RecordFields fields, String path) {
        BigDecimal value = fields.number(path);
        if (value == null) {
            throw InvalidRecordException.missing(path);
        }
        if (value.signum() <= 0) {
            throw InvalidRecordException.invalid(path + " must be greater than 0, got '" + value.toPlainString() + "'");
        }
        return value;
    }

    // A date (2025-03-20) or a date-time with offset (2025-03-20T02:00:00Z, as in COR's example); the day keys the rate.
    private static String day(String effective) {
        try {
            return LocalDate.parse(effective).toString();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(effective).toLocalDate().toString();
            } catch (DateTimeParseException notADateTime) {
                throw InvalidRecordException.invalid("effective_date must be YYYY-MM-DD or an ISO 8601 date-time such"
                        + " as 2025-03-20T02:00:00Z, got '" + effective + "'");
            }
        }
    }
}
