package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Record;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What keeps a target's records in input order when a file is delivered several records at a time
 * ({@link DeliveryLanes}): records with the same key are delivered one after the other. The key is the value of the
 * field a target configures (&lt;target&gt;.order-key, such as a COR contract's client_id, so that a contract waits
 * for its client), and the record's external id when the target configures none or the record lacks the field.
 */
public record OrderKey(String field) {

    /** The key of a target without an order key: each record's own external id. */
    public static final OrderKey EXTERNAL_ID = new OrderKey(null);

    /** @param field the configured field; null or blank: the external id */
    public static OrderKey of(String field) {
        return field == null || field.isBlank() ? EXTERNAL_ID : new OrderKey(field.trim());
    }

    /** The order key of each upsert target, from its delivery. */
    public static Map<String, OrderKey> byTarget(Collection<VendorDelivery> deliveries) {
        Map<String, OrderKey> keys = new HashMap<>();
        deliveries.forEach(delivery -> keys.put(delivery.upsert().target(), delivery.orderKey()));
        return keys;
    }

    /** The record's key: the field's text when the record has it, else its external id ("" without one). */
    public String keyOf(Record record) {
        if (field != null && record.fields() != null) {
            JsonNode value = record.fields().get(field);
            if (value != null && !value.isNull() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return record.externalId() == null ? "" : record.externalId();
    }
}
