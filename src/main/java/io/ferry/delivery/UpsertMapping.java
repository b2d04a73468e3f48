package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import java.util.List;

/**
 * A vendor's payloads for one target: local validation and the create and update requests of a record. Mapping is
 * plain Java, so tests can check the exact JSON without Camel.
 *
 * <p>Updates are partial, as the vendors document them: a record carries the fields it changes, and an update sends
 * those (plus what the vendor requires on every call). What a create needs is asked only of a record about to be
 * created ({@link #missingForCreate}).
 *
 * <p>Two kinds of vendors fit: those that address an entity by the record's external id (COR), and those that address
 * it by their own id and offer no upsert by external id (ComplyCube, Clemta: {@link #needsVendorId} and
 * {@link #lookup}). For the latter an id-map entry without a vendor id does not count as known, and the lookup runs
 * before any create.
 */
public interface UpsertMapping {

    /**
     * Checks the formats of the fields the record has (dates, e-mails, enumerations, limits), before any call; throws
     * {@link InvalidRecordException} naming the field. Fields only a create needs are not required here.
     */
    void check(Record record);

    /**
     * The fields a create needs that the record lacks (its create-only values count), in the vendor's order; empty when
     * the record can be created.
     */
    List<String> missingForCreate(Record record);

    /** The request that creates the entity (the record was checked and lacks nothing a create needs). */
    VendorRequest createRequest(Record record);

    /**
     * What an update sends, made from the record alone: the fields it has, and a JSON null only for a field it clears
     * and that may be cleared. Change detection hashes it, so a record equal to the last one delivered needs no call.
     * Throws {@link InvalidRecordException} when the record asks an update for what the vendor cannot do.
     */
    ObjectNode updateBody(Record record);

    /**
     * True when an update body ({@link #updateBody}) carries nothing to change, only what every call needs (COR's
     * metadata): the record has no field besides its id, and is not sent.
     */
    default boolean changesNothing(ObjectNode updateBody) {
        return updateBody.isEmpty();
    }

    /** The request that updates the entity (see {@link Entity}). */
    VendorRequest updateRequest(Record record, Entity entity);

    /**
     * What is known of the entity an update is for.
     *
     * @param vendorId the vendor's id (from the id map or a lookup), or null when only the external id is known
     * @param pinned   what the id map keeps of it for good (see {@link #pinned})
     * @param current  the vendor's answer to {@link #readBeforeUpdate}, or null
     * @param adopted  a lookup found the entity by something else than the link Ferry writes on a create (ComplyCube:
     *                 by e-mail, not by Ferry's metadata key): the update writes that link too
     */
    record Entity(String vendorId, Pinned pinned, JsonNode current, boolean adopted) {
    }

    /**
     * True for a vendor that addresses entities by its own id (ComplyCube, Clemta): the id map must hold that id, and
     * when it does not the entity is looked up ({@link #lookup}) before anything is created.
     */
    default boolean needsVendorId() {
        return false;
    }

    /**
     * How to find the entity when the id map has no vendor id for it; null when the record lacks what a lookup needs
     * ({@link #lookupFields}), or when the vendor needs no lookup.
     */
    default UpsertLookup lookup(Record record) {
        return null;
    }

    /** The fields a lookup needs, named when a record without them can be neither found nor created. */
    default List<String> lookupFields() {
        return List.of();
    }

    /**
     * A read of the entity before its update, when the update needs what the vendor holds (Clemta's PATCH requires
     * fields a partial record may not have); null when the update can go out as it is.
     */
    default VendorRequest readBeforeUpdate(Record record, Entity entity) {
        return null;
    }

    /**
     * The record's values of what can never change once the entity exists (see {@link Pinned}), those it has. Kept in
     * the id map from the entity's first delivery; an update whose record differs is rejected ({@link #pinnedChange}).
     */
    default Pinned pinned(Record record) {
        return Pinned.NONE;
    }

    /** The rejection of a record whose {@code path} differs from the value the entity keeps for good. */
    default InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
        return InvalidRecordException.invalid(path + " cannot change from " + kept + " to " + given);
    }
}
