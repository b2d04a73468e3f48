package io.ferry.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The targets Ferry knows and the natural-key fields of each (their names are part of the interface). */
public final class Targets {

    public static final String COR_CLIENTS = "cor-clients";
    public static final String COR_CONTRACTS = "cor-contracts";
    public static final String COR_EXCHANGE_RATES = "cor-exchange-rates";
    public static final String COMPLYCUBE_CLIENTS = "complycube-clients";
    public static final String CLEMTA_CONTACTS = "clemta-contacts";

    private final Map<String, List<String>> keyFields;

    public Targets(Map<String, List<String>> keyFields) {
        this.keyFields = Map.copyOf(keyFields);
    }

    /** The default key fields of design.md; Clemta's external id column is configurable. */
    public static Targets defaults(String clemtaExternalIdColumn) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(COR_CLIENTS, List.of("id"));
        keys.put(COR_CONTRACTS, List.of("id"));
        keys.put(COR_EXCHANGE_RATES, List.of("foreign_currency", "effective_date"));
        keys.put(COMPLYCUBE_CLIENTS, List.of("externalId"));
        keys.put(CLEMTA_CONTACTS, List.of(clemtaExternalIdColumn));
        return new Targets(keys);
    }

    /** The longest external id Ferry keeps (the id map's column); a longer one is rejected at intake. */
    public static final int MAX_EXTERNAL_ID_CHARS = 600;

    /** The fields that make up the target's external id. */
    public List<String> keyFields(String target) {
        return keyFields.getOrDefault(target, List.of());
    }

    public Set<String> names() {
        return keyFields.keySet();
    }

    public boolean isKnown(String target) {
        return keyFields.containsKey(target);
    }

    /** The record's external id (key fields joined with '/'), or null when a key field is missing or blank. */
    public String externalId(String target, ObjectNode fields) {
        List<String> keys = keyFields.get(target);
        if (keys == null || fields == null) {
            return null;
        }
        if (keys.size() == 1) {
            // The common case, without a builder: this runs for every record read.
            return keyPart(fields, keys.get(0));
        }
        StringBuilder id = new StringBuilder();
        for (String key : keys) {
            String part = keyPart(fields, key);
            if (part == null) {
                return null;
            }
            if (id.length() > 0) {
                id.append('/');
            }
            id.append(part);
        }
        return id.toString();
    }

    // A key field's trimmed text, or null when it is missing, blank or not a single value.
    private static String keyPart(ObjectNode fields, String key) {
        JsonNode value = fields.get(key);
        if (value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()) {
            return null;
        }
        return value.asText().trim();
    }
}
