package io.ferry.delivery;

import io.ferry.record.Record;

/**
 * The comparison of a record with what never changes of its entity ({@link Pinned}: COR's source, a contract's client,
 * ComplyCube's type), as kept in the id map or found by a lookup.
 */
final class PinnedCheck {

    private final UpsertMapping mapping;

    PinnedCheck(UpsertMapping mapping) {
        this.mapping = mapping;
    }

    /** Throws the mapping's {@link InvalidRecordException} when the record gives another value than the entity keeps. */
    void check(Record record, Pinned kept) {
        check(record, mapping.pinned(record), kept);
    }

    /** True when the record's pinned values agree with those kept: compared as text first (the same record again). */
    boolean asKept(Record record, String kept) {
        Pinned own = mapping.pinned(record);
        String text = own.encode();
        if (text == null || text.equals(kept)) {
            return true;
        }
        try {
            check(record, own, Pinned.decode(kept));
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    // What either side does not have passes.
    private void check(Record record, Pinned own, Pinned kept) {
        for (var value : own.values().entrySet()) {
            String keptValue = kept.get(value.getKey());
            if (keptValue != null && !keptValue.equals(value.getValue())) {
                throw mapping.pinnedChange(record, value.getKey(), keptValue, value.getValue());
            }
        }
    }
}
