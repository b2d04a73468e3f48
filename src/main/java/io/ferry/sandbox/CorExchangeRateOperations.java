package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COR {@code POST /currency-exchanges}: an upsert of at most 20 rates with per-record errors.
 *
 * <p>Each record needs {@code foreign_currency}, {@code base_currency}, {@code amount}, {@code
 * factor} and {@code effective_date}; both codes must be known ("Currency not found") and the base
 * must be the company's ("Base currency mismatch"); for source GLOBANT the effective date and
 * {@code metadata.last_updated_datetime} must fall on the same day. A rate is identified by pair
 * and effective day: repeats within one request count as deduplicated (the last one wins), an
 * existing one as replaced, the rest as created. The answer is always 200 with status success,
 * partial or failed.
 */
final class CorExchangeRateOperations {

    static final int MAX_RECORDS = 20;
    private static final List<String> REQUIRED = List.of("foreign_currency", "base_currency", "amount", "factor",
            "effective_date");

    private final CorState state;
    private final CorBodyReader reader;
    private final long companyId;
    private final String baseCurrency;
    private final Set<String> knownCurrencies;

    CorExchangeRateOperations(CorState state, CorBodyReader reader, SandboxConfig config) {
        this.state = state;
        this.reader = reader;
        this.companyId = config.corCompanyId();
        this.baseCurrency = config.corBaseCurrency();
        this.knownCurrencies = config.knownCurrencies();
    }

    SandboxResponse create(SandboxRequest request) {
        ObjectNode body = reader.object(request);
        String source = reader.source(body);
        JsonNode items = body.get("currency_exchanges");
        if (items == null || items.isNull()) {
            throw CorError.validation("currency_exchanges is required").rejection();
        }
        if (!items.isArray() || items.isEmpty()) {
            throw CorError.validation("currency_exchanges must be a non-empty array").rejection();
        }
        if (items.size() > MAX_RECORDS) {
            throw CorError.validation("currency_exchanges must contain at most " + MAX_RECORDS + " records, got "
                    + items.size()).rejection();
        }
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        Map<RateKey, JsonNode> accepted = new LinkedHashMap<>();
        int deduplicated = 0;
        for (JsonNode item : items) {
            String problem = problemWith(item, source);
            if (problem != null) {
                errors.addObject()
                        .put("from_currency", textOrNull(item.path("foreign_currency")))
                        .put("to_currency", textOrNull(item.path("base_currency")))
                        .put("message", problem);
                continue;
            }
            RateKey key = new RateKey(item.get("foreign_currency").asText(), item.get("base_currency").asText(),
                    IsoDates.day(item.get("effective_date")));
            if (accepted.put(key, item) != null) {
                deduplicated++;
            }
        }
        int created = 0;
        int replaced = 0;
        Instant now = Instant.now();
        synchronized (state) {
            for (Map.Entry<RateKey, JsonNode> e : accepted.entrySet()) {
                if (state.putRate(new CorExchangeRate(e.getKey(), source, (ObjectNode) e.getValue().deepCopy(), now))) {
                    replaced++;
                } else {
                    created++;
                }
            }
        }
        int rejected = errors.size();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("status", rejected == 0 ? "success" : rejected == items.size() ? "failed" : "partial");
        answer.put("company_id", companyId);
        answer.put("records_received", items.size());
        answer.put("records_deduplicated", deduplicated);
        answer.put("records_created", created);
        answer.put("records_replaced", replaced);
        answer.put("records_rejected", rejected);
        answer.set("errors", errors);
        return SandboxResponse.success(200, answer);
    }

    /** Why this record is rejected, or null when it is fine. */
    private String problemWith(JsonNode item, String source) {
        if (!item.isObject()) {
            return "Each currency exchange must be an object";
        }
        for (String field : REQUIRED) {
            if (!item.hasNonNull(field) || (item.get(field).isTextual() && item.get(field).asText().isBlank())) {
                return field + " is required";
            }
        }
        String foreign = item.get("foreign_currency").asText();
        String base = item.get("base_currency").asText();
        if (!item.get("foreign_currency").isTextual() || !knownCurrencies.contains(foreign)
                || !item.get("base_currency").isTextual() || !knownCurrencies.contains(base)) {
            return "Currency not found";
        }
        if (!base.equals(baseCurrency)) {
            return "Base currency mismatch";
        }
        for (String number : List.of("amount", "factor")) {
            if (!item.get(number).isNumber() || item.get(number).doubleValue() <= 0) {
                return number + " must be a positive number";
            }
        }
        LocalDate effective = IsoDates.day(item.get("effective_date"));
        if (effective == null) {
            return "Invalid effective_date format: " + item.get("effective_date").asText();
        }
        if (CorSourceList.GLOBANT.equals(source)) {
            JsonNode updated = item.path("metadata").path("last_updated_datetime");
            if (updated.isMissingNode() || updated.isNull()) {
                return "metadata.last_updated_datetime is required for source " + CorSourceList.GLOBANT;
            }
            if (!effective.equals(IsoDates.day(updated))) {
                return "effective_date and metadata.last_updated_datetime must be on the same day";
            }
        }
        return null;
    }

    private static String textOrNull(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
