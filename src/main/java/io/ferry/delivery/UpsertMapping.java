package io.ferry.delivery;

import io.ferry.record.Record;

/**
 * A vendor's payloads for one target: local validation and the create and update requests of a record. Mapping is
 * plain Java, so tests can check the exact JSON without Camel.
 */
public interface UpsertMapping {

    /**
     * Checks the record before any call; throws {@link InvalidRecordException} naming the field. In update-only mode
     * only what an update needs is required.
     */
    void check(Record record, SyncMode mode);

    /** The request that creates the entity (the record was checked). */
    VendorRequest createRequest(Record record);

    /** The request that updates the entity (the record was checked). */
    VendorRequest updateRequest(Record record);
}
