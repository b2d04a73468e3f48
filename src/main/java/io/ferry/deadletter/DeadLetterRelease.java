package io.ferry.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.record.Targets;
import io.ferry.report.Reports;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks records that cannot be delivered now and releases them when what they wait for happens: exchange rates
 * synced (fx:EUR), a COR client delivered (cor-client:SF-1), a periodic probe, or an operator. Releases run one at a
 * time on their own thread, each entry in its own broker transaction.
 */
public final class DeadLetterRelease {

    /** What one release did. */
    public record Result(int taken, int delivered, int parkedAgain) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRelease.class);
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private final DeadLetterQueue queue;
    private final ProducerTemplate template;
    private final Reports reports;
    private final ObjectMapper json;
    private final ExecutorService executor;
    private final Clock clock;
    private final int maxCycles;
    private final VendorPause pause;
    // Awaiting keys this instance knows to be parked: a release is only attempted for those (the periodic probe
    // covers keys parked by other instances or before a restart).
    private final Set<String> parkedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    // Keys satisfied lately (client delivered, rates synced). A record that parks on one of them just after (it
    // raced with its own dependency) is released at once instead of waiting for the periodic probe.
    private final Map<String, Boolean> satisfied = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    public DeadLetterRelease(DeadLetterQueue queue, ProducerTemplate template, Reports reports, ObjectMapper json,
                    ExecutorService executor, Clock clock, int maxCycles, VendorPause pause) {
        this.queue = queue;
        this.template = template;
        this.reports = reports;
        this.json = json;
        this.executor = executor;
        this.clock = clock;
        this.maxCycles = maxCycles;
        this.pause = pause;
    }

    /** Learns the awaiting keys already parked (at start-up). */
    public void loadParkedKeys() {
        parkedKeys.addAll(queue.counts().byAwaiting().keySet());
    }

    /**
     * Route step after a record's target route, for a record that is not parked (see {@link #parked}): a delivered
     * COR client releases the contracts that waited for it.
     */
    public void afterDelivery(Exchange exchange) {
        Outcome outcome = RecordExchange.outcome(exchange);
        Record record = RecordExchange.record(exchange);
        if (outcome == null || record == null || parks(outcome)) {
            return;
        }
        onDelivered(record, outcome);
    }

    /**
     * Route step once the record route put a record on the dead-letter queue ({@link DeadLetterMessage}): its awaiting
     * key is known to be parked from now on, and is released at once when what it awaits happened meanwhile.
     */
    public void parked(Exchange exchange) {
        Outcome outcome = RecordExchange.outcome(exchange);
        if (outcome != null && outcome.awaiting() != null) {
            parkedKeys.add(outcome.awaiting());
            if (satisfied.containsKey(outcome.awaiting())) {
                requestRelease(outcome.awaiting());
            }
        }
    }

    /** A record that ended without going through the record route (unchanged): releases what waited for it. */
    public void delivered(Record record, Outcome outcome) {
        onDelivered(record, outcome);
    }

    /** The rates-synced event: {"base":"USD","currencies":["EUR","GBP"]}. */
    public void ratesSynced(String event) throws java.io.IOException {
        JsonNode currencies = json.readTree(event).path("currencies");
        for (JsonNode currency : currencies) {
            requestRelease("fx:" + currency.asText());
        }
    }

    /** Queues an automatic release of every entry awaiting {@code key} (no-op when nothing is parked for it). */
    public void requestRelease(String key) {
        satisfied.put(key, Boolean.TRUE);
        if (parkedKeys.contains(key) && pending.add(key)) {
            executor.execute(() -> {
                pending.remove(key);
                Result result = release(Selectors.automatic(Selectors.awaiting(key), clock.millis()));
                if (result.taken() > 0) {
                    LOG.info("Released {} record(s) awaiting {}: {} delivered, {} parked again", result.taken(), key,
                            result.delivered(), result.parkedAgain());
                }
                if (queue.browse(Selectors.awaiting(key), 0, 1).isEmpty()) {
                    parkedKeys.remove(key);
                }
            });
        }
    }

    /**
     * The periodic re-check, for dependencies satisfied outside Ferry: one entry per awaiting key is replayed as a
     * probe; when it is delivered, the rest of that key is released.
     */
    public void recheck() {
        Set<String> keys = new LinkedHashSet<>();
        queue.browse(Selectors.automatic("1 = 1", clock.millis()), 0, NO_LIMIT).forEach(entry -> {
            if (entry.awaiting() != null) {
                keys.add(entry.awaiting());
            }
        });
        for (String key : keys) {
            parkedKeys.add(key);
            Result probe = release(Selectors.automatic(Selectors.awaiting(key), clock.millis()), 1);
            if (probe.delivered() > 0) {
                LOG.info("Probe for {} was delivered: releasing the rest", key);
                requestRelease(key);
            }
        }
    }

    /** An operator's release: held entries included. */
    public Result releaseByOperator(String selector) {
        Result result = release(Selectors.operator(selector, clock.millis()), NO_LIMIT, true);
        LOG.info("Operator release ({}): {} taken, {} delivered, {} parked again", selector, result.taken(),
                result.delivered(), result.parkedAgain());
        return result;
    }

    private Result release(String selector) {
        return release(selector, NO_LIMIT);
    }

    private Result release(String selector, int limit) {
        return release(selector, limit, false);
    }

    private Result release(String selector, int limit, boolean operator) {
        int[] counts = new int[2];
        Set<String> awaitingNow = ConcurrentHashMap.newKeySet();
        int taken = queue.replay(selector, limit, entry -> {
            Optional<ParkedRecord> again = redeliver(operator ? entry.unheld() : entry);
            counts[again.isPresent() ? 1 : 0]++;
            again.map(ParkedRecord::awaiting).ifPresent(awaitingNow::add);
            return again;
        });
        // Records parked again may await something else now (a contract released for its client now awaits fx:EUR).
        // Their entries are on the queue once the replay returns: from then on those keys are known to be parked, and
        // one satisfied meanwhile (the rates synced during the replay) is released at once, as for a first park.
        for (String key : awaitingNow) {
            parkedKeys.add(key);
            if (satisfied.containsKey(key)) {
                requestRelease(key);
            }
        }
        return new Result(taken, counts[0], counts[1]);
    }

    /** Sends the parked record through its target route again; returns the entry to park when it failed again. */
    private Optional<ParkedRecord> redeliver(ParkedRecord entry) {
        if (pause.isPaused(entry.record())) {
            // Its vendor refuses Ferry's credentials: keep it parked untried; the resume releases it.
            return Optional.of(entry.keptAt(clock.millis()));
        }
        Exchange exchange = template.send("direct:deliver", e -> {
            e.getIn().setBody(entry.record());
            e.setProperty(RecordExchange.RECORD, entry.record());
        });
        pause.check(exchange);
        Outcome outcome = RecordExchange.outcome(exchange);
        if (outcome == null) {
            Exception cause = exchange.getException();
            outcome = Outcome.failed(null, "INTERNAL_ERROR", "unexpected "
                    + (cause == null ? "error" : cause.getClass().getSimpleName()) + " while replaying");
        }
        // The record's row in its run's report said parked (or, for one that failed, failed): it moves to this.
        reports.append(entry.record(), outcome, entry.awaiting() != null ? Status.PARKED : Status.FAILED);
        if (!parks(outcome)) {
            onDelivered(entry.record(), outcome);
            return Optional.empty();
        }
        int attempts = 1 + exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        ParkedRecord again = entry.again(outcome, attempts, clock.millis(), maxCycles);
        if (again.held() && !entry.held()) {
            LOG.warn("{} ({}) was released and parked again {} times for {}; it stays parked until an operator "
                    + "releases it (id {})", entry.record().source(), entry.record().target(), again.cycles(),
                    again.awaiting() == null ? again.reason() : again.awaiting(), again.id());
        }
        return Optional.of(again);
    }

    private void onDelivered(Record record, Outcome outcome) {
        boolean delivered = outcome.status() == Status.CREATED || outcome.status() == Status.UPDATED
                || outcome.status() == Status.UNCHANGED;
        if (delivered && Targets.COR_CLIENTS.equals(record.target()) && record.externalId() != null) {
            requestRelease("cor-client:" + record.externalId());
        }
    }

    /** True when a record with this outcome goes (or goes back) on the dead-letter queue: parked or failed. */
    static boolean parks(Outcome outcome) {
        return outcome.status() == Status.PARKED || outcome.status() == Status.FAILED;
    }
}
