package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.record.Targets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel delivery of a file's records that keeps per-entity order. Each intake (target or mapped source) has N
 * delivery threads (its concurrency). A record whose ordering key has no record in flight goes to the next free
 * thread; a record whose key already has one waits behind it and is delivered by the same thread right after, so
 * records of one entity are applied in input order while different entities are delivered N at a time. Unlike fixed
 * hash lanes, no thread idles while another has a backlog, and one slow entity holds up only its own records.
 *
 * <p>The ordering key is the external id, except for a COR contract, whose key is its client_id: a contract then
 * waits for its client and is never sent before an earlier row that creates that client (a mapped source that fans
 * one row out to a client and a contract keeps them in that order).
 *
 * <p>At most {@code concurrency × queueSize} records of an intake are in flight or waiting: beyond that the file's
 * reader waits (until half of them are done), so a file of any size is read only as fast as it is delivered and
 * memory stays flat. The file completes ({@link #await}) when every record handed over has its outcome and report
 * row.
 */
public final class DeliveryLanes implements AutoCloseable {

    /** Exchange property: the {@link Batch} of records of the input being split. */
    public static final String BATCH = "ferryLaneBatch";
    // The name of the intake (target or mapped source) whose input this is, set by its route.
    private static final String INTAKE = "ferryTarget";
    // Ferry's properties of an input that its records carry (see handOff).
    private static final Set<String> CARRIED = Set.of(RecordExchange.REPORT, RecordExchange.DRY_RUN, INTAKE);
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);

    private final ProducerTemplate producer;
    private final String endpoint;
    private final ToIntFunction<String> concurrency;
    private final int queueSize;
    private final Map<String, KeyedExecutor> executors = new ConcurrentHashMap<>();
    // Each intake's concurrency, resolved once: a settings lookup per chunk cost 2% of re-reading an unchanged file.
    private final Map<String, Integer> concurrencies = new ConcurrentHashMap<>();
    private final UnchangedRecords unchanged;
    private final Settle settle;
    // Entities (target and external id) with a record handed to a lane and not finished yet, with their count.
    private final Map<Entity, Integer> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Ends records that need no delivery the way the record route would: report rows, metrics, releases. */
    @FunctionalInterface
    public interface Settle {
        /** records.get(i) ended with outcomes.get(i); input is the exchange of the chunk they were read in. */
        void settle(Exchange input, List<Record> records, List<Outcome> outcomes);
    }

    /**
     * @param endpoint    where a record is delivered (direct:record)
     * @param concurrency delivery threads of an intake (target or source name); 1 delivers on the reading thread
     * @param queueSize   records in flight or waiting per thread before the reader waits
     */
    public DeliveryLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize) {
        this(producer, endpoint, concurrency, queueSize, null, null);
    }

    /**
     * @param unchanged change detection ahead of delivery: records it finds unchanged are settled on the reading
     *                  thread (by {@code settle}) and never become exchanges; null sends every record
     */
    public DeliveryLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize,
                         UnchangedRecords unchanged, Settle settle) {
        this.producer = producer;
        this.endpoint = endpoint;
        this.concurrency = concurrency;
        this.queueSize = Math.max(1, queueSize);
        this.unchanged = unchanged;
        this.settle = settle;
    }

    /** The records of one input in flight: counts them in and out, so the input can wait for all of them. */
    public static final class Batch {
        private long pending;
        private long failures;
        // The last chunk handed to submit, being decided on the helper threads; handed over by the next submit or
        // by await (read and written by the input's reading thread only).
        private Deciding deciding;

        synchronized void add() {
            pending++;
        }

        synchronized void done(boolean failed) {
            pending--;
            if (failed) {
                failures++;
            }
            if (pending == 0) {
                notifyAll();
            }
        }

        synchronized long await() throws InterruptedException {
            while (pending > 0) {
                wait();
            }
            return failures;
        }
    }

    /** Route step before the split: a new batch for this input. */
    public void open(Exchange exchange) {
        exchange.setProperty(BATCH, new Batch());
    }

    /**
     * Route step inside the split: hands a chunk of records (the body, in input order) over for delivery; waits only
     * while the intake has its maximum of records in flight. With a concurrency of 1, delivers them here, on the
     * reading thread.
     *
     * <p>Unchanged records are settled without an exchange (see {@link UnchangedRecords}), but only a record whose
     * entity has no earlier record in flight, waiting, in the chunk before, or sent from this chunk: that earlier
     * record may change what was last delivered, so the later one queues behind it and is decided after it. Entities
     * in flight are taken before the id map is read, so an entity not among them has its last delivery in what is
     * read. For the same reason, such a record whose entity the id map does not know at all is sent without looking
     * again.
     *
     * <p>With a batch (a file's lanes), the chunk is decided on the helper threads while this thread hands the chunk
     * before over; {@link #await} hands over the last one.
     */
    public void submit(Exchange exchange) throws InterruptedException {
        @SuppressWarnings("unchecked")
        List<Record> chunk = exchange.getIn().getBody(List.class);
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        boolean ahead = unchanged != null && settle != null && !RecordExchange.isDryRun(exchange);
        if (!ahead) {
            handOver(exchange, chunk, Set.of(), UnchangedRecords.Found.none(chunk.size()), false);
            return;
        }
        if (batch == null) {
            handOver(exchange, chunk, inFlightAmong(chunk, null), unchanged.find(chunk), true);
            return;
        }
        // Pipelined: this chunk is decided on the helper threads while the previous one is handed over here. Its
        // entities are busy for this chunk's decision: they go to the lanes meanwhile, and may change the id map
        // after this chunk read it.
        Deciding previous = batch.deciding;
        Set<Entity> busy = inFlightAmong(chunk, previous == null ? null : previous.chunk());
        batch.deciding = new Deciding(chunk, busy, unchanged.findAsync(chunk));
        if (previous != null) {
            handOver(exchange, previous);
        }
    }

    /** A chunk whose unchanged records are being decided: busy holds its entities that were in flight before. */
    private record Deciding(List<Record> chunk, Set<Entity> busy, CompletableFuture<UnchangedRecords.Found> found) {
    }

    private void handOver(Exchange exchange, Deciding deciding) throws InterruptedException {
        handOver(exchange, deciding.chunk(), deciding.busy(), UnchangedRecords.await(deciding.found()), true);
    }

    /**
     * Settles the chunk's unchanged records and sends the others; exchange is any exchange of the chunk's input (each
     * record's own is a copy of it, see {@link #handOff}).
     */
    private void handOver(Exchange exchange, List<Record> chunk, Set<Entity> busy, UnchangedRecords.Found found,
                          boolean ahead) throws InterruptedException {
        String intake = exchange.getProperty(INTAKE, String.class);
        int n = intake == null ? 1 : concurrencies.computeIfAbsent(intake, concurrency::applyAsInt);
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        boolean[] claimed = ahead ? claimAhead(chunk, busy, found) : new boolean[chunk.size()];
        long claimedAt = System.nanoTime();
        Set<Entity> sent = new HashSet<>();
        List<Record> settled = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Exception failure = null;
        for (int i = 0; i < chunk.size(); i++) {
            Record record = chunk.get(i);
            Entity entity = entityKey(record);
            // What was read holds for this record only when nothing before it can change its entity meanwhile.
            boolean first = !busy.contains(entity) && !sent.contains(entity);
            if (first && found.unchanged()[i] != null) {
                settled.add(record);
                outcomes.add(found.unchanged()[i]);
                continue;
            }
            if (entity != null) {
                sent.add(entity);
            }
            // Rows of the records settled so far first, so that the report keeps input order where it can.
            settle(exchange, settled, outcomes);
            Exchange copy = handOff(exchange);
            copy.getIn().setBody(record);
            if (first && found.unknown()[i]) {
                copy.setProperty(VendorDelivery.UNKNOWN, true);
                if (claimed[i]) {
                    copy.setProperty(VendorDelivery.CLAIMED_AHEAD, claimedAt);
                }
            }
            if (n <= 1 || batch == null) {
                producer.send(endpoint, copy);
                if (failure == null) {
                    failure = copy.getException();
                }
            } else {
                submit(intake, n, batch, record, entity, copy);
            }
        }
        settle(exchange, settled, outcomes);
        if (failure != null) {
            exchange.setException(failure);
        }
    }

    /**
     * A record's own exchange: a copy of its input's, without what only the input's steps read (the file's headers,
     * the file itself, the lanes' batch and the intake's other properties), with a plain message. Of the input's
     * properties a record carries its report and dry-run flag ({@link RecordExchange#REPORT},
     * {@link RecordExchange#DRY_RUN}) and the intake's name. Camel copies a record's exchange again several times on
     * its way (the enrich of its target route, and the error handler before each step of the vendor route, so that a
     * step can be tried again), and each property and header carried over costs that many times.
     */
    static Exchange handOff(Exchange input) {
        Exchange copy = input.copy();
        // Plain loops: Camel's removeProperties(pattern, excludes) and removeHeaders("*") match each name against
        // each pattern as a regular expression too, 9% of a first run's CPU.
        copy.getProperties().keySet().removeIf(name -> name.startsWith("ferry") && !CARRIED.contains(name));
        copy.removeProperty(Exchange.FILE_EXCHANGE_FILE);
        // A plain message without headers: the input's (a file's or a JMS message) would be copied with its own
        // fields at every later copy of the record's exchange.
        copy.setIn(new DefaultMessage(copy));
        return copy;
    }

    // The records that will be sent knowing the id map has nothing for them (the first of their entity, found unknown)
    // have their creates claimed together, in one commit.
    private boolean[] claimAhead(List<Record> chunk, Set<Entity> busy, UnchangedRecords.Found found) {
        boolean[] positions = new boolean[chunk.size()];
        Set<Entity> seen = new HashSet<>();
        boolean any = false;
        for (int i = 0; i < chunk.size(); i++) {
            Entity entity = entityKey(chunk.get(i));
            boolean first = !busy.contains(entity) && (entity == null || seen.add(entity));
            positions[i] = first && found.unknown()[i];
            any |= positions[i];
        }
        return any ? unchanged.claimAhead(chunk, positions) : positions;
    }

    private void settle(Exchange exchange, List<Record> settled, List<Outcome> outcomes) {
        if (!settled.isEmpty()) {
            settle.settle(exchange, List.copyOf(settled), List.copyOf(outcomes));
            settled.clear();
            outcomes.clear();
        }
    }

    private void submit(String intake, int n, Batch batch, Record record, Entity entity, Exchange copy)
            throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("delivery lanes are stopped");
        }
        KeyedExecutor executor = executors.computeIfAbsent(intake, name -> {
            LOG.info("{}: delivering {} records at a time (records of one entity in input order)", name, n);
            return new KeyedExecutor(name, n, n * queueSize);
        });
        batch.add();
        if (entity != null) {
            inFlight.merge(entity, 1, Integer::sum);
        }
        try {
            executor.submit(orderingKey(record), () -> deliver(copy, batch, entity));
        } catch (InterruptedException | RuntimeException e) {
            finished(entity);
            batch.done(true);
            throw e;
        }
    }

    // The chunk's entities in flight, or among the records of before (a chunk still being handed over; null: none).
    private Set<Entity> inFlightAmong(List<Record> chunk, List<Record> before) {
        Set<Entity> earlier = new HashSet<>();
        if (before != null) {
            for (Record record : before) {
                Entity entity = entityKey(record);
                if (entity != null) {
                    earlier.add(entity);
                }
            }
        }
        Set<Entity> busy = new HashSet<>();
        for (Record record : chunk) {
            Entity entity = entityKey(record);
            if (entity != null && (earlier.contains(entity) || inFlight.containsKey(entity))) {
                busy.add(entity);
            }
        }
        return busy;
    }

    private void finished(Entity entity) {
        if (entity != null) {
            inFlight.computeIfPresent(entity, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The entity a record changes: its target and external id (null when it has none). */
    private static Entity entityKey(Record record) {
        return record.externalId() == null ? null : new Entity(record.target(), record.externalId());
    }

    // Not a concatenated string: the two strings keep their cached hash codes, and nothing is copied per record.
    private record Entity(String target, String externalId) {
    }

    /** Route step after the split: waits until every record of the input has its outcome. */
    public void await(Exchange exchange) throws InterruptedException {
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        if (batch == null) {
            return;
        }
        Deciding last = batch.deciding;
        if (last != null) {
            batch.deciding = null;
            handOver(exchange, last);
        }
        long failures = batch.await();
        if (failures > 0) {
            LOG.warn("{} record(s) of this input ended with an unexpected error in delivery (see above)", failures);
        }
    }

    /** The key whose records must stay in input order: the external id; a COR contract's client_id. */
    static String orderingKey(Object body) {
        if (!(body instanceof Record record)) {
            return String.valueOf(body);
        }
        if (Targets.COR_CONTRACTS.equals(record.target()) && record.fields() != null) {
            JsonNode client = record.fields().get("client_id");
            if (client != null && !client.isNull() && !client.asText().isEmpty()) {
                return client.asText();
            }
        }
        return record.externalId() == null ? "" : record.externalId();
    }

    private void deliver(Exchange exchange, Batch batch, Entity entity) {
        boolean failed = false;
        try {
            producer.send(endpoint, exchange);
            if (exchange.getException() != null) {
                failed = true;
                LOG.error("record delivery ended with an error", exchange.getException());
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("record delivery ended with an error", e);
        } finally {
            // The record's id-map write (if any) is committed by now: a later record of the entity can be settled.
            finished(entity);
            batch.done(failed);
        }
    }

    @Override
    public void close() {
        closed = true;
        executors.values().forEach(KeyedExecutor::close);
        if (unchanged != null) {
            unchanged.close();
        }
    }

    /**
     * N threads that run tasks in submission order per key: a task whose key has nothing running or waiting starts
     * on a free thread; otherwise it joins that key's chain, which one thread runs to its end. {@link Slots} bound
     * the tasks running or waiting.
     */
    static final class KeyedExecutor {
        private final ExecutorService threads;
        private final Slots capacity;
        // Keys with a task running, and the tasks waiting behind it (in submission order).
        private final Map<String, ArrayDeque<Runnable>> chains = new HashMap<>();

        KeyedExecutor(String name, int threads, int capacity) {
            AtomicInteger count = new AtomicInteger();
            this.threads = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "ferry-" + name + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.capacity = new Slots(Math.max(threads, capacity));
        }

        void submit(String key, Runnable task) throws InterruptedException {
            capacity.acquire();
            synchronized (chains) {
                ArrayDeque<Runnable> chain = chains.get(key);
                if (chain != null) {
                    chain.add(task);
                    return;
                }
                chains.put(key, new ArrayDeque<>());
            }
            try {
                threads.execute(() -> runChain(key, task));
            } catch (RuntimeException e) {
                synchronized (chains) {
                    chains.remove(key);
                }
                capacity.release();
                throw e;
            }
        }

        private void runChain(String key, Runnable first) {
            Runnable task = first;
            while (task != null) {
                try {
                    task.run();
                } finally {
                    capacity.release();
                }
                synchronized (chains) {
                    ArrayDeque<Runnable> chain = chains.get(key);
                    task = chain.poll();
                    if (task == null) {
                        chains.remove(key);
                    }
                }
            }
        }

        void close() {
            // Records already handed over are delivered first; threads that do not finish in time are interrupted.
            threads.shutdown();
            try {
                if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                    threads.shutdownNow();
                }
            } catch (InterruptedException e) {
                threads.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The slots of an executor's tasks, running or waiting. A submitter that finds them all taken waits until half of
     * them are free, and then fills them again: it wakes once per half instead of once per finished task (with a
     * semaphore, each finished task woke the reading thread to hand over one more record, a park and an unpark per
     * record).
     */
    static final class Slots {
        private final int max;
        private final int low;
        private final AtomicInteger used = new AtomicInteger();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition halfFree = lock.newCondition();

        Slots(int max) {
            this.max = Math.max(1, max);
            this.low = this.max / 2;
        }

        void acquire() throws InterruptedException {
            while (true) {
                int taken = used.get();
                if (taken < max) {
                    if (used.compareAndSet(taken, taken + 1)) {
                        return;
                    }
                    continue;
                }
                lock.lockInterruptibly();
                try {
                    // The release that brings the count down to low signals under the lock: it cannot come between
                    // this test and the wait.
                    while (used.get() > low) {
                        halfFree.await();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        void release() {
            if (used.decrementAndGet() == low) {
                lock.lock();
                try {
                    halfFree.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Slots taken (for tests). */
        int used() {
            return used.get();
        }
    }
}
