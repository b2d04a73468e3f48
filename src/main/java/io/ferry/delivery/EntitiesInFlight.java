package io.ferry.delivery;

import io.ferry.record.Record;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entities (target and external id) with a record handed to a delivery lane and not finished yet. Change detection
 * ahead of delivery trusts what it read of the id map only for an entity with no record in flight: that record may
 * change the entity's id-map entry meanwhile.
 */
final class EntitiesInFlight {

    /** The entity a record changes. Not a concatenated string: the two strings keep their cached hash codes. */
    record Entity(String target, String externalId) {
    }

    // Each entity in flight with its count of records.
    private final Map<Entity, Integer> inFlight = new ConcurrentHashMap<>();

    /** The entity a record changes: its target and external id (null when it has none). */
    static Entity of(Record record) {
        return record.externalId() == null ? null : new Entity(record.target(), record.externalId());
    }

    void started(Entity entity) {
        if (entity != null) {
            inFlight.merge(entity, 1, Integer::sum);
        }
    }

    void finished(Entity entity) {
        if (entity != null) {
            inFlight.computeIfPresent(entity, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The chunk's entities in flight, or among the records of before (a chunk still being handed over; null: none). */
    Set<Entity> among(List<Record> chunk, List<Record> before) {
        Set<Entity> earlier = new HashSet<>();
        if (before != null) {
            for (Record record : before) {
                Entity entity = of(record);
                if (entity != null) {
                    earlier.add(entity);
                }
            }
        }
        Set<Entity> busy = new HashSet<>();
        for (Record record : chunk) {
            Entity entity = of(record);
            if (entity != null && (earlier.contains(entity) || inFlight.containsKey(entity))) {
                busy.add(entity);
            }
        }
        return busy;
    }
}
