package io.ferry.delivery;

import io.ferry.delivery.ChangeDetectionPipeline.Decided;
import io.ferry.delivery.EntitiesInFlight.Entity;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parallel delivery of a file's records that keeps per-entity order. Each intake (target or mapped source) has N
 * delivery threads (its concurrency). A record whose ordering key has no record in flight goes to the next free
 * thread; a record whose key already has one waits behind it and is delivered by the same thread right after, so
 * records of one entity are applied in input order while different entities are delivered N at a time. Unlike fixed
 * hash lanes, no thread idles while another has a backlog, and one slow entity holds up only its own records.
 *
 * <p>The ordering key is the record's external id, or the value of the field its target configures as its
 * {@link OrderKey}: with cor.contracts.order-key = client_id, a contract waits for its client and is never sent before
 * an earlier row that creates that client (a mapped source that fans one row out to a client and a contract keeps them
 * in that order).
 *
 * <p>At most {@code concurrency × queueSize} records of an intake are in flight or waiting: beyond that the file's
 * reader waits (until half of them are done), so a file of any size is read only as fast as it is delivered and
 * memory stays flat. The file completes ({@link #await}) when every record handed over has its outcome and report
 * row.
 *
 * <p>The route steps are here; the lanes themselves are {@link OrderedLanes} (over {@link KeyedExecutor}), an input's
 * records are counted by {@link PendingRecords}, change detection ahead of delivery is {@link ChangeDetectionPipeline}
 * and a record's exchange is made by {@link RecordHandOff}.
 */
public final class DeliveryLanes implements AutoCloseable {

    /** Exchange property: the {@link PendingRecords} of the input being split. */
    public static final String BATCH = "ferryLaneBatch";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);

    private final OrderedLanes lanes;
    private final ChangeDetectionPipeline detection;
    private final Settlement settle;

    /** Ends records that need no delivery the way the record route would: report rows, metrics, releases. */
    @FunctionalInterface
    public interface Settlement {
        /** records.get(i) ended with outcomes.get(i); input is the exchange of the chunk they were read in. */
        void settle(Exchange input, List<Record> records, List<Outcome> outcomes);
    }

    /**
     * @param endpoint    where a record is delivered (direct:record)
     * @param concurrency delivery threads of an intake (target or source name); 1 delivers on the reading thread
     * @param queueSize   records in flight or waiting per thread before the reader waits
     * @param orderKeys   the order key of each target (&lt;target&gt;.order-key); a target without one: the external id
     */
    public DeliveryLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize,
                         Map<String, OrderKey> orderKeys) {
        this(producer, endpoint, concurrency, queueSize, orderKeys, null, null);
    }

    /**
     * @param unchanged change detection ahead of delivery: records it finds unchanged are settled on the reading
     *                  thread (by {@code settle}) and never become exchanges; null sends every record
     */
    public DeliveryLanes(ProducerTemplate producer, String endpoint, ToIntFunction<String> concurrency, int queueSize,
                         Map<String, OrderKey> orderKeys, ChangeDetector unchanged, Settlement settle) {
        EntitiesInFlight inFlight = new EntitiesInFlight();
        this.lanes = new OrderedLanes(producer, endpoint, concurrency, queueSize, orderKeys, inFlight);
        this.detection = unchanged == null ? null : new ChangeDetectionPipeline(unchanged, inFlight);
        this.settle = settle;
    }

    /** Route step before the split: the pending records of this input. */
    public void open(Exchange exchange) {
        exchange.setProperty(BATCH, new PendingRecords());
    }

    /**
     * Route step inside the split: hands a chunk of records (the body, in input order) over for delivery; waits only
     * while the intake has its maximum of records in flight. With a concurrency of 1, delivers them here, on the
     * reading thread.
     *
     * <p>Unchanged records are settled without an exchange (see {@link ChangeDetector}), but only a record whose
     * entity has no earlier record in flight, waiting, in the chunk before, or sent from this chunk (see
     * {@link ChangeDetectionPipeline}). For the same reason, such a record whose entity the id map does not know at
     * all is sent without looking again.
     *
     * <p>With pending records (a file's lanes), the chunk is decided on the helper threads while this thread hands
     * the chunk before over; {@link #await} hands over the last one.
     */
    public void submit(Exchange exchange) throws InterruptedException {
        @SuppressWarnings("unchecked")
        List<Record> chunk = exchange.getIn().getBody(List.class);
        PendingRecords pending = exchange.getProperty(BATCH, PendingRecords.class);
        boolean ahead = detection != null && settle != null && !RecordExchange.isDryRun(exchange);
        if (!ahead) {
            handOver(exchange, Decided.none(chunk), false);
        } else if (pending == null) {
            handOver(exchange, detection.decide(chunk), true);
        } else {
            Decided previous = detection.next(pending, chunk);
            if (previous != null) {
                handOver(exchange, previous, true);
            }
        }
    }

    /**
     * Settles the chunk's unchanged records and sends the others; exchange is any exchange of the chunk's input (each
     * record's own is a copy of it, see {@link RecordHandOff#copy}).
     */
    private void handOver(Exchange exchange, Decided decided, boolean ahead) throws InterruptedException {
        List<Record> chunk = decided.chunk();
        String intake = exchange.getProperty(RecordHandOff.INTAKE, String.class);
        int n = lanes.concurrency(intake);
        PendingRecords pending = exchange.getProperty(BATCH, PendingRecords.class);
        boolean[] claimed = ahead ? detection.claimAhead(decided) : new boolean[chunk.size()];
        long claimedAt = System.nanoTime();
        Set<Entity> sent = new HashSet<>();
        List<Record> settled = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Exception failure = null;
        for (int i = 0; i < chunk.size(); i++) {
            Record record = chunk.get(i);
            Entity entity = EntitiesInFlight.of(record);
            boolean first = decided.first(entity, sent);
            if (first && decided.found().unchanged()[i] != null) {
                settled.add(record);
                outcomes.add(decided.found().unchanged()[i]);
                continue;
            }
            if (entity != null) {
                sent.add(entity);
            }
            // Rows of the records settled so far first, so that the report keeps input order where it can.
            settle(exchange, settled, outcomes);
            Exchange copy = RecordHandOff.copy(exchange);
            copy.getIn().setBody(record);
            if (first && decided.found().unknown()[i]) {
                copy.setProperty(VendorDelivery.UNKNOWN, true);
                if (claimed[i]) {
                    copy.setProperty(VendorDelivery.CLAIMED_AHEAD, claimedAt);
                }
            }
            if (n <= 1 || pending == null) {
                Exception thrown = lanes.sendHere(copy);
                if (failure == null) {
                    failure = thrown;
                }
            } else {
                lanes.submit(intake, n, pending, record, entity, copy);
            }
        }
        settle(exchange, settled, outcomes);
        if (failure != null) {
            exchange.setException(failure);
        }
    }

    private void settle(Exchange exchange, List<Record> settled, List<Outcome> outcomes) {
        if (!settled.isEmpty()) {
            settle.settle(exchange, List.copyOf(settled), List.copyOf(outcomes));
            settled.clear();
            outcomes.clear();
        }
    }

    /** Route step after the split: waits until every record of the input has its outcome. */
    public void await(Exchange exchange) throws InterruptedException {
        PendingRecords pending = exchange.getProperty(BATCH, PendingRecords.class);
        if (pending == null) {
            return;
        }
        Decided last = detection == null ? null : detection.last(pending);
        if (last != null) {
            handOver(exchange, last, true);
        }
        long failures = pending.await();
        if (failures > 0) {
            LOG.warn("{} record(s) of this input ended with an unexpected error in delivery (see above)", failures);
        }
    }

    @Override
    public void close() {
        lanes.close();
        if (detection != null) {
            detection.close();
        }
    }
}
