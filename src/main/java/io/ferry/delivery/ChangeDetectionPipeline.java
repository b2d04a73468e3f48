package io.ferry.delivery;

import io.ferry.delivery.EntitiesInFlight.Entity;
import io.ferry.record.Record;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Change detection of a file's chunks ahead of delivery ({@link ChangeDetector}), pipelined: a chunk is decided on
 * the helper threads while the reading thread hands the chunk before over. What was read of the id map holds for a
 * record only when no earlier record of its entity is in flight, waiting, in the chunk before, or sent from its
 * chunk: such an entity is busy, and its record queues behind the earlier one and is decided after it. Entities in
 * flight are taken before the id map is read, so an entity not among them has its last delivery in what is read.
 */
final class ChangeDetectionPipeline implements AutoCloseable {

    private final ChangeDetector unchanged;
    private final EntitiesInFlight inFlight;

    ChangeDetectionPipeline(ChangeDetector unchanged, EntitiesInFlight inFlight) {
        this.unchanged = unchanged;
        this.inFlight = inFlight;
    }

    /**
     * A chunk decided: {@code found} says which records are unchanged or unknown to the id map, {@code busy} holds its
     * entities that were in flight (or in the chunk before) when the id map was read.
     */
    record Decided(List<Record> chunk, Set<Entity> busy, ChangeDetector.Found found) {

        /** A chunk sent as it is, without change detection. */
        static Decided none(List<Record> chunk) {
            return new Decided(chunk, Set.of(), ChangeDetector.Found.none(chunk.size()));
        }

        /** True when what was read holds for the record: nothing before it can change its entity meanwhile. */
        boolean first(Entity entity, Set<Entity> sent) {
            return !busy.contains(entity) && !sent.contains(entity);
        }
    }

    /** A chunk whose unchanged records are being decided: busy holds its entities that were in flight before. */
    record Deciding(List<Record> chunk, Set<Entity> busy, CompletableFuture<ChangeDetector.Found> found) {

        Decided await() throws InterruptedException {
            return new Decided(chunk, busy, ChangeDetector.await(found));
        }
    }

    /** Decides the chunk here, on the calling thread (an input without pending records: a queue message). */
    Decided decide(List<Record> chunk) {
        return new Decided(chunk, inFlight.among(chunk, null), unchanged.find(chunk));
    }

    /**
     * Starts deciding the chunk on the helper threads and returns the chunk before it, decided, to be handed over now
     * (null for an input's first chunk). Its entities are busy for this chunk's decision: they go to the lanes
     * meanwhile, and may change the id map after this chunk read it.
     */
    Decided next(PendingRecords pending, List<Record> chunk) throws InterruptedException {
        Deciding previous = pending.deciding();
        Set<Entity> busy = inFlight.among(chunk, previous == null ? null : previous.chunk());
        pending.deciding(new Deciding(chunk, busy, unchanged.findAsync(chunk)));
        return previous == null ? null : previous.await();
    }

    /** The input's last chunk, decided (null when there is none left). */
    Decided last(PendingRecords pending) throws InterruptedException {
        Deciding last = pending.deciding();
        if (last == null) {
            return null;
        }
        pending.deciding(null);
        return last.await();
    }

    /**
     * The records that will be sent knowing the id map has nothing for them (the first of their entity, found
     * unknown) have their creates claimed together, in one commit: true at the positions claimed.
     */
    boolean[] claimAhead(Decided decided) {
        List<Record> chunk = decided.chunk();
        boolean[] positions = new boolean[chunk.size()];
        Set<Entity> seen = new HashSet<>();
        boolean any = false;
        for (int i = 0; i < chunk.size(); i++) {
            Entity entity = EntitiesInFlight.of(chunk.get(i));
            boolean first = !decided.busy().contains(entity) && (entity == null || seen.add(entity));
            positions[i] = first && decided.found().unknown()[i];
            any |= positions[i];
        }
        return any ? unchanged.claimAhead(chunk, positions) : positions;
    }

    @Override
    public void close() {
        unchanged.close();
    }
}
