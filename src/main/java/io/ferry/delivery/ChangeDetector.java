package io.ferry.delivery;

import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Change detection ahead of delivery: which records of a chunk are unchanged, decided with one id-map query per target
 * for the whole chunk instead of an exchange and a query per record. The decision is the upsert's own
 * ({@link Upsert#unchanged}), so a record settled here ends exactly as it would have in its target route.
 */
public final class ChangeDetector implements AutoCloseable {

    // A chunk is shared out only when each part gets at least this many records.
    private static final int MIN_PART = 100;

    private final IdMapStore idMap;
    private final Function<String, Upsert> upserts;
    private final Predicate<Record> held;
    // The threads that decide the parts of a chunk, one per part.
    private final ExecutorService helpers;
    private final int parts;

    /**
     * @param upserts the upsert of a target, or null for a target without one (exchange rates)
     * @param held    records whose vendor is paused: they go through their route, which parks them
     */
    public ChangeDetector(IdMapStore idMap, Function<String, Upsert> upserts, Predicate<Record> held) {
        this(idMap, upserts, held, 1);
    }

    /**
     * @param threads how many threads decide a chunk together (with {@link #find}, the calling thread is one of
     *                them; with {@link #findAsync}, it is free meanwhile): a re-sent file spends most of its time here
     *                (an id-map lookup and a payload hash per record), while the delivery threads have nothing to
     *                send. The processor count is right.
     */
    public ChangeDetector(IdMapStore idMap, Function<String, Upsert> upserts, Predicate<Record> held, int threads) {
        this.idMap = idMap;
        this.upserts = upserts;
        this.held = held;
        this.parts = Math.max(1, threads);
        AtomicInteger count = new AtomicInteger();
        // One thread per part: findAsync runs every part on them.
        this.helpers = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "ferry-change-detection-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        helpers.shutdownNow();
    }

    /**
     * What the id map says about a chunk's records, by position: {@code unchanged[i]} is the outcome of a record that
     * needs no call (else null); {@code unknown[i]} is true for a record whose entity the id map neither knows nor
     * has a create intent for, so its upsert need not look again ({@link VendorDelivery#UNKNOWN}).
     */
    public record Found(Outcome[] unchanged, boolean[] unknown) {

        static Found none(int size) {
            return new Found(new Outcome[size], new boolean[size]);
        }
    }

    /**
     * Reads the id map for a chunk of records and decides each record, on the helper threads, so that the calling
     * thread can do something else meanwhile (hand the previous chunk over, see DeliveryLanes). A large chunk is cut in
     * consecutive parts decided at the same time, each with its own read (one per target).
     */
    public CompletableFuture<Found> findAsync(List<Record> chunk) {
        Found found = Found.none(chunk.size());
        int n = Math.max(1, Math.min(parts, chunk.size() / MIN_PART));
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int part = 0; part < n; part++) {
            int from = chunk.size() * part / n;
            int to = chunk.size() * (part + 1) / n;
            all[part] = CompletableFuture.runAsync(() -> decide(chunk, from, to, found), helpers);
        }
        // Each part wrote its own positions of found; completing after all of them makes them visible to the joiner.
        return CompletableFuture.allOf(all).thenApply(done -> found);
    }

    /**
     * Reads the id map for a chunk of records, one read per target, and decides each record: {@link #findAsync},
     * waited for.
     */
    public Found find(List<Record> chunk) {
        return await(findAsync(chunk));
    }

    /** The decision of a chunk ({@link #findAsync}) once made; a failure to decide is thrown as it was raised. */
    public static Found await(CompletableFuture<Found> decision) {
        try {
            return decision.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    // Decides the records of positions [from, to) of the chunk into found.
    private void decide(List<Record> chunk, int from, int to, Found found) {
        List<Record> part = chunk.subList(from, to);
        Map<String, IdMapStore.Known> known = new HashMap<>();
        idsByTarget(part, i -> candidate(part.get(i)))
                .forEach((target, ids) -> known.put(target, idMap.findAll(target, ids)));
        for (int i = from; i < to; i++) {
            Record record = chunk.get(i);
            IdMapStore.Known entries = known.get(record.target());
            if (entries == null || !candidate(record) || entries.intents().contains(record.externalId())) {
                continue;
            }
            IdMapStore.Mapping mapping = entries.mappings().get(record.externalId());
            if (mapping == null) {
                found.unknown()[i] = true;
            } else {
                found.unchanged()[i] = upserts.apply(record.target()).unchanged(record, mapping);
            }
        }
    }

    /**
     * Claims the creates of the chunk's records at the given positions (records {@link #find} found unknown), one
     * transaction per target ({@link IdMapStore#claimAll}): one commit instead of one before each create. Records of a
     * target that never creates (update-only) are left out.
     *
     * @return by position, true for a record whose create is now claimed
     */
    public boolean[] claimAhead(List<Record> chunk, boolean[] positions) {
        Map<String, Set<String>> claimed = new HashMap<>();
        idsByTarget(chunk, i -> positions[i] && upserts.apply(chunk.get(i).target()).mayCreate())
                .forEach((target, ids) -> claimed.put(target, idMap.claimAll(target, ids)));
        boolean[] result = new boolean[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            Record record = chunk.get(i);
            result[i] = positions[i] && claimed.getOrDefault(record.target(), Set.of()).contains(record.externalId());
        }
        return result;
    }

    // The external ids of the chunk's records at the chosen positions, by target.
    private static Map<String, List<String>> idsByTarget(List<Record> chunk, IntPredicate chosen) {
        Map<String, List<String>> ids = new HashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (chosen.test(i)) {
                Record record = chunk.get(i);
                ids.computeIfAbsent(record.target(), target -> new ArrayList<>()).add(record.externalId());
            }
        }
        return ids;
    }

    private boolean candidate(Record record) {
        return !record.isMalformed() && record.externalId() != null && upserts.apply(record.target()) != null
                && !held.test(record);
    }
}
