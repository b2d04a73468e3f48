package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel delivery of a file's records that keeps per-entity order. Each intake (target or mapped source) has N
 * lanes (its concurrency); a record goes to the lane of its ordering key's hash, and a lane is one thread that delivers
 * its records one after the other, in input order. Records of the same entity therefore never overtake each other,
 * while different entities are delivered N at a time.
 *
 * <p>The ordering key is the external id, except for a COR contract, whose key is its client_id: a contract then
 * shares its client's lane and is never sent before an earlier row that creates that client (a mapped source that
 * fans one row out to a client and a contract keeps them in that order).
 *
 * <p>Each lane has a bounded queue: when it is full the file's reader waits, so a file of any size is read only as
 * fast as it is delivered and memory stays flat. The file completes ({@link #await}) when every record handed to a
 * lane has its outcome and report row.
 */
public final class DeliveryLanes implements AutoCloseable {

    /** Exchange property: the {@link Batch} of records of the input being split. */
    public static final String BATCH = "ferryLaneBatch";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);
    private static final Runnable STOP = () -> { };

    private final ProducerTemplate producer;
    private final String endpoint;
    private final ToIntFunction<String> concurrency;
    private final int queueSize;
    private final Map<String, Lane[]> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param endpoint    where a record is delivered (direct:record)
     * @param concurrency lanes of an intake (target or source name); 1 delivers on the reading thread itself
     * @param queueSize   records waiting per lane before the reader waits
     */
    public DeliveryLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize) {
        this.producer = producer;
        this.endpoint = endpoint;
        this.concurrency = concurrency;
        this.queueSize = Math.max(1, queueSize);
    }

    /** The records of one input in flight: counts them in and out, so the input can wait for all of them. */
    public static final class Batch {
        private long pending;
        private long failures;

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
     * Route step inside the split: delivers the record (the body) on its lane; waits only while that lane's queue
     * is full. With a concurrency of 1, delivers it here, on the reading thread.
     */
    public void submit(Exchange exchange) throws InterruptedException {
        String intake = exchange.getProperty("ferryTarget", String.class);
        int n = intake == null ? 1 : concurrency.applyAsInt(intake);
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        if (n <= 1 || batch == null) {
            producer.send(endpoint, exchange);
            return;
        }
        if (closed) {
            throw new IllegalStateException("delivery lanes are stopped");
        }
        Lane[] of = lanes.computeIfAbsent(intake, name -> startLanes(name, n));
        Exchange copy = exchange.copy();
        Lane lane = of[Math.floorMod(orderingKey(exchange.getIn().getBody()).hashCode(), of.length)];
        batch.add();
        try {
            lane.queue.put(() -> deliver(copy, batch));
        } catch (InterruptedException e) {
            batch.done(true);
            throw e;
        }
    }

    /** Route step after the split: waits until every record of the input has its outcome. */
    public void await(Exchange exchange) throws InterruptedException {
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        if (batch == null) {
            return;
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

    private void deliver(Exchange exchange, Batch batch) {
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
            batch.done(failed);
        }
    }

    private Lane[] startLanes(String intake, int n) {
        Lane[] started = new Lane[n];
        for (int i = 0; i < n; i++) {
            started[i] = new Lane(new ArrayBlockingQueue<>(queueSize), intake + "-lane-" + i);
        }
        LOG.info("{}: delivering with {} lanes (records of one entity in input order)", intake, n);
        return started;
    }

    @Override
    public void close() {
        closed = true;
        for (Lane[] of : lanes.values()) {
            for (Lane lane : of) {
                lane.stop();
            }
        }
    }

    private static final class Lane implements Runnable {
        private final BlockingQueue<Runnable> queue;
        private final Thread thread;

        Lane(BlockingQueue<Runnable> queue, String name) {
            this.queue = queue;
            this.thread = new Thread(this, "ferry-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                for (Runnable task = queue.take(); task != STOP; task = queue.take()) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            // Records already queued are delivered first; a lane that does not stop in time is interrupted.
            try {
                queue.put(STOP);
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }
}
