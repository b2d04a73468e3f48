package io.ferry.delivery;

import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Change detection ahead of delivery: which records of a chunk are unchanged, decided with one id-map query per target
 * for the whole chunk instead of an exchange and a query per record. The decision is the upsert's own
 * ({@link Upsert#unchanged}), so a record settled here ends exactly as it would have in its target route.
 */
public final class UnchangedRecords {

    private final IdMapStore idMap;
    private final Function<String, Upsert> upserts;
    private final Predicate<Record> held;

    /**
     * @param upserts the upsert of a target, or null for a target without one (exchange rates)
     * @param held    records whose vendor is paused: they go through their route, which parks them
     */
    public UnchangedRecords(IdMapStore idMap, Function<String, Upsert> upserts, Predicate<Record> held) {
        this.idMap = idMap;
        this.upserts = upserts;
        this.held = held;
    }

    /** For every record of the chunk, in the same order: its unchanged outcome, or null when it must be delivered. */
    public Outcome[] find(List<Record> chunk) {
        Map<String, List<String>> idsByTarget = new HashMap<>();
        for (Record record : chunk) {
            if (candidate(record)) {
                idsByTarget.computeIfAbsent(record.target(), target -> new ArrayList<>()).add(record.externalId());
            }
        }
        Map<String, Map<String, IdMapStore.Mapping>> known = new HashMap<>();
        idsByTarget.forEach((target, ids) -> known.put(target, idMap.findSettled(target, ids)));
        Outcome[] outcomes = new Outcome[chunk.size()];
        for (int i = 0; i < outcomes.length; i++) {
            Record record = chunk.get(i);
            Map<String, IdMapStore.Mapping> mappings = known.get(record.target());
            if (mappings != null && candidate(record)) {
                outcomes[i] = upserts.apply(record.target()).unchanged(record, mappings.get(record.externalId()));
            }
        }
        return outcomes;
    }

    private boolean candidate(Record record) {
        return !record.isMalformed() && record.externalId() != null && upserts.apply(record.target()) != null
                && !held.test(record);
    }
}
