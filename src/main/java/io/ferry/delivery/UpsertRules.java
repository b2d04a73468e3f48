package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Record;

/**
 * A vendor's answers that steer the {@link Upsert} state machine: which error means the entity already exists (so
 * update it), which means it does not (so create it), which means the record waits for something, and where the
 * vendor's id is in a success body.
 */
public interface UpsertRules {

    /** The error parser of this vendor. */
    VendorErrorParser errors();

    /** A create was refused because the external id is already known: switch to an update. */
    boolean isDuplicate(VendorError error);

    /** An update was refused because the external id is not known: switch to a create. */
    boolean isNotFound(VendorError error);

    /** What the record waits for (fx:EUR, cor-client:SF-1), or null when the error is not about a dependency. */
    default String awaiting(VendorError error, Record record) {
        return null;
    }

    /**
     * An error that says the record itself is wrong for the vendor (Clemta's COMPANY_NOT_FOUND): the record is
     * rejected, not failed, and never retried.
     */
    default boolean rejects(VendorError error) {
        return false;
    }

    /**
     * What the vendor says can never change of the entity, in a success body (ComplyCube's client type). Kept in the
     * id map, over the record's own values, and compared with the next record before its update.
     */
    default Pinned pinned(JsonNode body) {
        return Pinned.NONE;
    }

    /** The vendor's id of the entity in a success body, or null. */
    default String vendorId(JsonNode body) {
        JsonNode id = body == null ? null : body.get("id");
        return id == null || id.isNull() || id.isContainerNode() ? null : id.asText();
    }
}
