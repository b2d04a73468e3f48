package io.ferry.delivery;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;

/**
 * Change detection of one target: the id map keeps the hash of what an update of the record sends
 * ({@link UpsertMapping#updateBody}), whichever request delivered it, so the same record again ends
 * {@value Upsert#UNCHANGED} without a call, a partial one as well as a full one.
 */
final class UpdateChangeDetection {

    private final UpsertMapping mapping;
    private final SyncMode mode;
    private final boolean forceResend;
    private final PinnedCheck pinned;

    UpdateChangeDetection(UpsertMapping mapping, SyncMode mode, boolean forceResend, PinnedCheck pinned) {
        this.mapping = mapping;
        this.mode = mode;
        this.forceResend = forceResend;
        this.pinned = pinned;
    }

    /** See {@link Upsert#unchanged}. */
    Outcome unchanged(Record record, IdMapStore.Mapping known) {
        if (known == null || (known.vendorId() == null && mapping.needsVendorId())) {
            return null;
        }
        try {
            mapping.check(record);
            if (!pinned.asKept(record, known.pinned())) {
                return null;
            }
        } catch (InvalidRecordException e) {
            return null;
        }
        return sameAsDelivered(record, known);
    }

    /** The unchanged outcome when the record's update is the same as the one last delivered, else null. */
    Outcome sameAsDelivered(Record record, IdMapStore.Mapping known) {
        if (forceResend || mode == SyncMode.CREATE_ONLY || known.payloadHash() == null
                || !known.payloadHash().equals(payloadHash(record))) {
            return null;
        }
        return new Outcome(Status.UNCHANGED, null, Upsert.UNCHANGED, "same payload as last delivered; not sent", null,
                known.vendorId());
    }

    /**
     * The record's change-detection hash: SHA-256 of what an update of it sends ({@link UpsertMapping#updateBody},
     * compact JSON, field order fixed by the mapper), whichever request delivers it. The same record mapped the same
     * way gives the same hash; a changed mapping or configuration gives another, so it is sent again. Null when no
     * update can be made of the record.
     */
    String payloadHash(Record record) {
        try {
            return VendorRequest.bodyHash(mapping.updateBody(record));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
