package io.ferry.delivery;

import io.ferry.delivery.EntitiesInFlight.Entity;
import io.ferry.record.Record;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery threads of each intake (target or mapped source): a {@link KeyedExecutor} per intake, keyed by the
 * record's {@link OrderKey}, that sends each record's exchange to the record route and counts it out of its input's
 * {@link PendingRecords} and of the entities in flight.
 */
final class OrderedLanes implements AutoCloseable {

    // Logged under the facade's name, the category operators know.
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);

    private final ProducerTemplate producer;
    private final String endpoint;
    private final ToIntFunction<String> concurrency;
    private final int queueSize;
    private final Map<String, OrderKey> orderKeys;
    private final EntitiesInFlight inFlight;
    private final Map<String, KeyedExecutor> executors = new ConcurrentHashMap<>();
    // Each intake's concurrency, resolved once: a settings lookup per chunk cost 2% of re-reading an unchanged file.
    private final Map<String, Integer> concurrencies = new ConcurrentHashMap<>();
    private volatile boolean closed;

    OrderedLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize,
                 Map<String, OrderKey> orderKeys, EntitiesInFlight inFlight) {
        this.producer = producer;
        this.endpoint = endpoint;
        this.concurrency = concurrency;
        this.queueSize = Math.max(1, queueSize);
        this.orderKeys = Map.copyOf(orderKeys);
        this.inFlight = inFlight;
    }

    /** The delivery threads of the intake; 1 for an input without an intake name. */
    int concurrency(String intake) {
        return intake == null ? 1 : concurrencies.computeIfAbsent(intake, concurrency::applyAsInt);
    }

    /** The key whose records must stay in input order: the value of the record's target's order key. */
    String orderingKey(Record record) {
        return orderKeys.getOrDefault(record.target(), OrderKey.EXTERNAL_ID).keyOf(record);
    }

    /** Delivers the record's exchange on this thread; returns the exception it ended with, if any. */
    Exception sendHere(Exchange copy) {
        producer.send(endpoint, copy);
        return copy.getException();
    }

    /** Hands the record's exchange to the intake's lanes; waits while the intake has its maximum in flight. */
    void submit(String intake, int n, PendingRecords pending, Record record, Entity entity, Exchange copy)
            throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("delivery lanes are stopped");
        }
        KeyedExecutor executor = executors.computeIfAbsent(intake, name -> {
            LOG.info("{}: delivering {} records at a time (records of one entity in input order)", name, n);
            return new KeyedExecutor(name, n, n * queueSize);
        });
        pending.add();
        inFlight.started(entity);
        try {
            executor.submit(orderingKey(record), () -> deliver(copy, pending, entity));
        } catch (InterruptedException | RuntimeException e) {
            inFlight.finished(entity);
            pending.done(true);
            throw e;
        }
    }

    private void deliver(Exchange exchange, PendingRecords pending, Entity entity) {
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
            inFlight.finished(entity);
            pending.done(failed);
        }
    }

    @Override
    public void close() {
        closed = true;
        executors.values().forEach(KeyedExecutor::close);
    }
}
