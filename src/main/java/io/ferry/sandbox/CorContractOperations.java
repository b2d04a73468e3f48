package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * COR contract create, update and delete, with the documented validations.
 *
 * <p>The currency rule: a contract whose {@value CorContract#CURRENCY_FIELD} is absent or the
 * company's base currency needs no rate; an unknown ISO code is a ValidationError "Currency not
 * found"; any other currency needs a posted rate to the base currency, else 400 CTR006. The same
 * applies on PUT when the currency is sent. {@code type} and {@code status} are free strings,
 * since COR does not publish the allowed sets. A PUT changes only the fields it carries, as COR
 * documents ("updates only the provided fields").
 */
final class CorContractOperations {

    private final CorState state;
    private final CorBodyReader reader;
    private final ApiStats stats;
    private final long companyId;
    private final String baseCurrency;
    private final Set<String> knownCurrencies;

    CorContractOperations(CorState state, CorBodyReader reader, ApiStats stats, SandboxConfig config) {
        this.state = state;
        this.reader = reader;
        this.stats = stats;
        this.companyId = config.corCompanyId();
        this.baseCurrency = config.corBaseCurrency();
        this.knownCurrencies = config.knownCurrencies();
    }

    SandboxResponse create(SandboxRequest request) {
        ObjectNode body = reader.object(request);
        String source = reader.source(body);
        MappingKey key = new MappingKey(source, reader.requiredString(body, "id"));
        reader.requiredString(body, "name");
        String clientExternalId = reader.requiredString(body, "client_id");
        ObjectNode attributes = fields(body);
        checkDateRange(attributes);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CorContract contract;
        synchronized (state) {
            if (state.mappedUnderOtherSource(state.contracts, key)) {
                // COR accepts it (its keys are per source), but the external id now names two entities: the
                // anomaly duplicate_creates counts.
                stats.duplicateCreate();
            }
            if (state.contracts.containsKey(key)) {
                stats.duplicateCreate();
                throw CorError.duplicate("Contract", key).rejection();
            }
            CorClient client = state.client(new MappingKey(source, clientExternalId))
                    .orElseThrow(() -> CorError.clientNotFound(clientExternalId).rejection());
            requireRate(attributes);
            contract = new CorContract(state.nextId(), key, clientExternalId, client.id(), attributes, now, now);
            state.putContract(contract);
        }
        return SandboxResponse.success(200, contract.toJson(companyId));
    }

    SandboxResponse update(SandboxRequest request, String externalId) {
        ObjectNode body = reader.object(request);
        MappingKey key = new MappingKey(reader.source(body), externalId);
        ObjectNode changes = fields(body);
        String newClientId = body.has("client_id") ? reader.requiredString(body, "client_id") : null;
        CorContract updated;
        synchronized (state) {
            CorContract existing = state.contracts.get(key);
            if (existing == null) {
                throw CorError.notAssociated().rejection();
            }
            ObjectNode merged = existing.attributes().deepCopy();
            merged.setAll(changes);
            checkDateRange(merged);
            String clientExternalId = newClientId == null ? existing.clientExternalId() : newClientId;
            CorClient client = state.client(new MappingKey(key.source(), clientExternalId))
                    .orElseThrow(() -> CorError.clientNotFound(clientExternalId).rejection());
            if (changes.has(CorContract.CURRENCY_FIELD)) {
                requireRate(changes);
            }
            updated = new CorContract(existing.id(), key, clientExternalId, client.id(), merged,
                    existing.createdAt(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            state.putContract(updated);
        }
        return SandboxResponse.success(200, updated.toJson(companyId));
    }

    SandboxResponse delete(SandboxRequest request, String externalId) {
        ObjectNode body = reader.object(request);
        MappingKey key = new MappingKey(reader.source(body), externalId);
        CorContract removed;
        synchronized (state) {
            removed = state.contracts.get(key);
            if (removed == null) {
                throw (state.mappedUnderOtherSource(state.contracts, key)
                        ? CorError.notAssociated()
                        : CorError.contractNotFound(externalId)).rejection();
            }
            state.removeContract(key);
        }
        return SandboxResponse.success(200, JsonNodeFactory.instance.objectNode()
                .put("message", "Contract deleted successfully")
                .put("external_id", externalId)
                .put("cor_id", removed.id()));
    }

    /**
     * The contract fields present in the body, type-checked as COR validates them on create and update: a null is
     * accepted only for the free-text description (where it clears the field on update).
     */
    private ObjectNode fields(ObjectNode body) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        if (body.has("name")) {
            fields.put("name", reader.requiredString(body, "name"));
        }
        reader.copyValidatedStrings(body, fields, List.of("type", "status"));
        reader.copyStrings(body, fields, List.of("description"));
        reader.copyDate(body, fields, "start_date", "start");
        reader.copyDate(body, fields, "end_date", "end");
        reader.copyNumber(body, fields, "value");
        JsonNode currency = body.get(CorContract.CURRENCY_FIELD);
        if (currency != null) {
            if (!currency.isTextual()) {
                throw CorError.validation(CorContract.CURRENCY_FIELD + " must be a string").rejection();
            }
            if (!knownCurrencies.contains(currency.asText())) {
                throw CorError.validation("Currency not found").rejection();
            }
        }
        if (currency != null) {
            fields.set(CorContract.CURRENCY_FIELD, currency);
        }
        return fields;
    }

    private static void checkDateRange(ObjectNode attributes) {
        LocalDate start = IsoDates.date(attributes.get("start_date"));
        LocalDate end = IsoDates.date(attributes.get("end_date"));
        if (start != null && end != null && start.isAfter(end)) {
            throw CorError.invalidDateRange().rejection();
        }
    }

    // Caller holds the state monitor, so a rate posted concurrently is either seen or not, never half.
    private void requireRate(ObjectNode attributes) {
        JsonNode currency = attributes.get(CorContract.CURRENCY_FIELD);
        if (currency == null || currency.isNull() || currency.asText().equals(baseCurrency)) {
            return;
        }
        if (!state.hasRate(currency.asText(), baseCurrency)) {
            throw CorError.missingExchangeRate(currency.asText(), baseCurrency).rejection();
        }
    }
}
