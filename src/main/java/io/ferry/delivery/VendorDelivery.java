package io.ferry.delivery;

import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.store.CreateInProgressException;
import org.apache.camel.Exchange;

/**
 * The route steps of an upsert target: {@link #plan} before the delivery loop, {@link #onResponse} after each HTTP
 * call (the steps in between write the request, add the credentials and take the rate-limit token: see
 * delivery.camel.yaml). Vendor-neutral; a target is an {@link Upsert} (mapping + rules + sync mode) plus the vendor's
 * auth, which must be the bean the target's route authorizes with, so that a 401 renews the credentials it sent, and
 * the {@link OrderKey} that keeps its records in input order when a file is delivered several records at a time.
 */
public final class VendorDelivery {

    /**
     * Exchange property: true when the id map was read for this record just before (DeliveryLanes) and holds neither
     * its entity nor a create intent for it, with nothing in between that could add one.
     */
    public static final String UNKNOWN = "ferryUnknownEntity";
    /**
     * Exchange property: System.nanoTime() when this instance claimed the create of the record's entity ahead of
     * delivery, with the other new records of its chunk (DeliveryLanes, IdMapStore#claimAll). Implies {@link #UNKNOWN}.
     */
    public static final String CLAIMED_AHEAD = "ferryClaimedAhead";
    private static final String STATE = "ferryUpsert";
    // Set when a step met another instance's create claim: the redelivered step starts the record again.
    private static final String RESTART = "ferryUpsertRestart";

    private final String vendor;
    private final Upsert upsert;
    // Renews the credentials after a 401; the route adds them to each request (its auth step, the same bean).
    private final VendorAuth auth;
    private final OrderKey orderKey;

    /** A target whose records are kept in input order by their own external id. */
    public VendorDelivery(String vendor, Upsert upsert, VendorAuth auth) {
        this(vendor, upsert, auth, OrderKey.EXTERNAL_ID);
    }

    /** @param orderKey what keeps the target's records in input order (&lt;target&gt;.order-key) */
    public VendorDelivery(String vendor, Upsert upsert, VendorAuth auth, OrderKey orderKey) {
        this.vendor = vendor;
        this.upsert = upsert;
        this.auth = auth;
        this.orderKey = orderKey;
    }

    /** What keeps the target's records in input order ({@link DeliveryLanes}). */
    public OrderKey orderKey() {
        return orderKey;
    }

    /** The target's upsert, for change detection ahead of delivery. */
    public Upsert upsert() {
        return upsert;
    }

    /** Validates and maps the record: a rejected outcome, or the first request pending. */
    public void plan(Exchange exchange) {
        Record record = RecordExchange.record(exchange);
        // Read once: a record started again (after meeting another instance's claim) claims as any other.
        Long claimedAhead = exchange.getProperty(CLAIMED_AHEAD, Long.class);
        exchange.removeProperty(CLAIMED_AHEAD);
        Upsert.State state = claimedAhead != null ? upsert.newClaimedState(record, claimedAhead)
                : upsert.newState(record, exchange.getProperty(UNKNOWN, false, Boolean.class));
        exchange.setProperty(STATE, state);
        exchange.setProperty(VendorCall.VENDOR, vendor);
        exchange.setProperty(VendorCall.ERRORS, upsert.rules().errors());
        if (RecordExchange.isDryRun(exchange)) {
            apply(exchange, Upsert.Step.done(upsert.preview(state)));
            return;
        }
        apply(exchange, upsert.start(state));
    }

    /**
     * Reads the vendor's answer (see {@link #answer}). When the next step would create an entity another instance is
     * creating (CreateInProgressException), the error handler redelivers this step after a while; that answer is
     * stale by then (the other instance may have created and mapped the entity), so the record starts again.
     */
    public void onResponse(Exchange exchange) {
        try {
            if (exchange.getProperty(RESTART, false, Boolean.class)) {
                exchange.removeProperty(RESTART);
                plan(exchange);
            } else {
                answer(exchange);
            }
        } catch (CreateInProgressException e) {
            exchange.setProperty(RESTART, true);
            throw e;
        }
    }

    /** Reads the vendor's answer: the outcome, or the next request (the other method, or the same after a 401). */
    private void answer(Exchange exchange) {
        Upsert.State state = exchange.getProperty(STATE, Upsert.State.class);
        int status = VendorCall.status(exchange);
        String body = exchange.getMessage().getBody(String.class);
        if (status == 401) {
            if (!VendorCall.retryWithFreshCredentials(exchange, auth)) {
                upsert.refused(state);
                VendorCall.finish(exchange, VendorCall.unauthorized(exchange,
                        upsert.rules().errors().parse(status, body)));
            }
            return;
        }
        apply(exchange, upsert.onResponse(state, status, body));
    }

    private static void apply(Exchange exchange, Upsert.Step step) {
        if (step.isDone()) {
            VendorCall.finish(exchange, step.outcome());
        } else {
            VendorCall.send(exchange, step.request());
        }
    }
}
