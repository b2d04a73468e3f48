package io.ferry.delivery;

import io.ferry.record.Record;

/**
 * A vendor's payloads for one target: local validation and the create and update requests of a record. Mapping is
 * plain Java, so tests can check the exact JSON without Camel.
 *
 * <p>Two kinds of vendors fit: those that address an entity by the record's external id (COR: implement
 * {@link #updateRequest(Record)}), and those that address it by their own id and offer no upsert by external id
 * (ComplyCube, Clemta: implement {@link #updateRequest(Record, String)} and {@link #lookup}). For the latter an
 * id-map entry without a vendor id does not count as known, and the lookup runs before any create.
 */
public interface UpsertMapping {

    /**
     * Checks the record before any call; throws {@link InvalidRecordException} naming the field. In update-only mode
     * only what an update needs is required.
     */
    void check(Record record, SyncMode mode);

    /** The request that creates the entity (the record was checked). */
    VendorRequest createRequest(Record record);

    /** The request that updates the entity, addressed by the record's external id (the record was checked). */
    default VendorRequest updateRequest(Record record) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " addresses entities by the vendor's id");
    }

    /**
     * The request that updates the entity the vendor knows as {@code vendorId} (from the id map or a lookup; null
     * when only the external id is known). By default the external id addresses it: {@link #updateRequest(Record)}.
     */
    default VendorRequest updateRequest(Record record, String vendorId) {
        return updateRequest(record);
    }

    /**
     * How to find the entity when the id map has no vendor id for it, or null when the external id addresses the
     * entity (COR), so nothing needs finding.
     */
    default UpsertLookup lookup(Record record) {
        return null;
    }

    /**
     * Checks an update against the entity's kind as the vendor last described it ({@code kind}, null when not
     * known): a record that would change what can never change throws {@link InvalidRecordException}.
     */
    default void checkKind(Record record, String kind) {
    }
}
