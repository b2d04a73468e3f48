package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.cor.CorRateMapper.RateItem;
import io.ferry.delivery.Batcher;
import io.ferry.delivery.FailureClassifier;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.VendorAuth;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorRequest;
import io.ferry.delivery.VendorCall;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.RecordExchange;
import io.ferry.record.Targets;
import io.ferry.store.IdMapStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the cor-exchange-rates routes. Each record waits in a {@link Batcher} until its batch (at most 20,
 * one source) is sent through direct:cor-exchange-rates-batch, which uses the same COR endpoint and error handler as
 * every other COR call; each record's outcome comes from the answer's counts and errors[]. A batch with accepted
 * rates publishes a "rates synced" event.
 */
public final class CorRates implements AutoCloseable {

    public static final String ITEM = "ferryRateItem";
    public static final String OUTCOMES = "ferryBatchOutcomes";
    public static final String SYNCED = "ferryRatesSynced";
    private static final String BATCH = "ferryRateBatch";
    private static final Logger LOG = LoggerFactory.getLogger(CorRates.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // A record never waits longer than this for its batch (retries included); the batcher normally answers long before.
    private static final Duration SAFETY_TIMEOUT = Duration.ofMinutes(30);

    /** The body of a batch exchange. */
    public record RateBatch(String source, List<RateItem> items) {
    }

    private final CorRateMapper mapper;
    private final IdMapStore idMap;
    private final VendorAuth auth;
    private final CamelContext context;
    private final String batchUri;
    private final Batcher<RateItem> batcher;
    private volatile ProducerTemplate template;

    public CorRates(CorRateMapper mapper, IdMapStore idMap, VendorAuth auth, CamelContext context, String batchUri,
                    int batchSize, Duration batchWait, ScheduledExecutorService timer) {
        this.mapper = mapper;
        this.idMap = idMap;
        this.auth = auth;
        this.context = context;
        this.batchUri = batchUri;
        this.batcher = new Batcher<>(batchSize, batchWait, timer, this::sendBatch);
    }

    // --- the record route ---

    /** Validates and maps the record: a rejected outcome, or the item that waits for a batch. */
    public void plan(Exchange exchange) {
        try {
            var item = mapper.map(RecordExchange.record(exchange));
            if (RecordExchange.isDryRun(exchange)) {
                // Rates are upserted by COR: a real run would create or replace this one, in a batch.
                RecordExchange.setOutcome(exchange, Outcome.would(Outcome.Status.WOULD_CREATE, "POST",
                        "/currency-exchanges", item));
                return;
            }
            exchange.setProperty(ITEM, item);
        } catch (InvalidRecordException e) {
            RecordExchange.setOutcome(exchange, FailureClassifier.invalid(e));
        }
    }

    /** Adds the item to the next batch and waits for the batch's answer. */
    public void awaitBatch(Exchange exchange) throws InterruptedException, ExecutionException, TimeoutException {
        RateItem item = exchange.getProperty(ITEM, RateItem.class);
        CompletableFuture<Outcome> outcome = batcher.submit(item.source(), item);
        RecordExchange.setOutcome(exchange, outcome.get(SAFETY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private List<Outcome> sendBatch(String source, List<RateItem> items) {
        ProducerTemplate producer = template;
        if (producer == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                producer = template;
            }
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(new RateBatch(source, items));
        producer.send(batchUri, exchange);
        @SuppressWarnings("unchecked")
        List<Outcome> outcomes = exchange.getProperty(OUTCOMES, List.class);
        if (outcomes != null) {
            if (exchange.getException() != null) {
                LOG.warn("COR rates were delivered but the rates-synced event could not be published: {}",
                        exchange.getException().toString());
            }
            return outcomes;
        }
        Outcome whole = RecordExchange.outcome(exchange);
        if (whole == null) {
            LOG.error("a batch of {} COR rates failed: {}", items.size(), String.valueOf(exchange.getException()));
            whole = Outcome.failed(null, "INTERNAL_ERROR", "the batch failed unexpectedly; see the log");
        }
        return Collections.nCopies(items.size(), whole);
    }

    // --- the batch route ---

    /** The batch's request: POST /currency-exchanges with its items. */
    public void planBatch(Exchange exchange) {
        RateBatch batch = exchange.getIn().getBody(RateBatch.class);
        exchange.setProperty(VendorCall.VENDOR, "COR");
        exchange.setProperty(VendorCall.ERRORS, new CorErrors());
        exchange.setProperty(BATCH, batch);
        VendorCall.send(exchange, VendorRequest.post(CorRateMapper.PATH,
                CorRateMapper.body(batch.source(), batch.items())));
    }

    /** Reads COR's answer: an outcome per item, the id map, and the rates-synced events. */
    public void onBatchResponse(Exchange exchange) {
        RateBatch batch = exchange.getProperty(BATCH, RateBatch.class);
        int status = VendorCall.status(exchange);
        String body = exchange.getMessage().getBody(String.class);
        if (status == 401 && VendorCall.retryWithFreshCredentials(exchange, auth)) {
            return;
        }
        List<Outcome> outcomes;
        JsonNode answer = status >= 200 && status < 300 ? readable(body) : null;
        if (answer != null) {
            outcomes = outcomes(batch, status, answer);
            exchange.setProperty(SYNCED, events(batch, outcomes));
        } else if (status >= 200 && status < 300) {
            // Not redelivered: the rates may well have been saved; the report says what came back.
            outcomes = Collections.nCopies(batch.items().size(), Outcome.failed(status, "UNREADABLE_ANSWER",
                    "COR answered " + status + " with a body Ferry cannot read: " + VendorError.cut(body)));
        } else {
            VendorError error = new CorErrors().parse(status, body);
            Outcome all = status == 401 ? VendorCall.unauthorized(exchange, error)
                    : FailureClassifier.outcome(error, null);
            outcomes = Collections.nCopies(batch.items().size(), all);
        }
        exchange.setProperty(OUTCOMES, outcomes);
        exchange.removeProperty(VendorCall.PENDING);
    }

    private static JsonNode readable(String body) {
        try {
            JsonNode answer = body == null ? null : JSON.readTree(body);
            return answer != null && answer.isObject() ? answer : null;
        } catch (IOException e) {
            return null;
        }
    }

    private List<Outcome> outcomes(RateBatch batch, int status, JsonNode answer) {
        List<RateItem> items = batch.items();
        Outcome[] outcomes = new Outcome[items.size()];
        // Each error names its pair; it is given to the first item of that pair not yet matched.
        for (JsonNode error : answer.path("errors")) {
            String from = error.path("from_currency").asText(null);
            String to = error.path("to_currency").asText(null);
            String message = VendorError.cut(error.path("message").asText("rejected"));
            int match = -1;
            for (int i = 0; i < items.size() && match < 0; i++) {
                if (outcomes[i] == null && items.get(i).foreign().equals(from) && items.get(i).base().equals(to)) {
                    match = i;
                }
            }
            if (match < 0) {
                LOG.warn("COR rejected a rate this batch did not send ({} to {}): {}", from, to, message);
            } else {
                outcomes[match] = new Outcome(Status.REJECTED, status, "RATE_REJECTED", message, null, null);
            }
        }
        long created = answer.path("records_created").asLong(0);
        long replaced = answer.path("records_replaced").asLong(0);
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            RateItem item = items.get(i);
            if (supersededLater(items, i)) {
                outcomes[i] = new Outcome(Status.UNCHANGED, status, "DEDUPLICATED", "a later record of the same batch"
                        + " has the same currencies and day; COR kept that one", null, null);
                continue;
            }
            boolean known = idMap.isKnown(Targets.COR_EXCHANGE_RATES, item.externalId());
            boolean update = replaced > 0 && (created == 0 || known);
            idMap.save(Targets.COR_EXCHANGE_RATES, item.externalId(), null,
                    VendorRequest.post(CorRateMapper.PATH, item.item()).bodyHash());
            outcomes[i] = Outcome.delivered(update ? Status.UPDATED : Status.CREATED, status, null);
        }
        return List.of(outcomes);
    }

    private static boolean supersededLater(List<RateItem> items, int index) {
        RateItem item = items.get(index);
        for (int j = index + 1; j < items.size(); j++) {
            RateItem later = items.get(j);
            if (later.foreign().equals(item.foreign()) && later.base().equals(item.base()) && later.day().equals(item.day())) {
                return true;
            }
        }
        return false;
    }

    /** One event per base currency with the currencies whose rates were accepted; empty when none was. */
    private static List<String> events(RateBatch batch, List<Outcome> outcomes) {
        Map<String, TreeSet<String>> byBase = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Status status = outcomes.get(i).status();
            if (status == Status.CREATED || status == Status.UPDATED) {
                RateItem item = batch.items().get(i);
                byBase.computeIfAbsent(item.base(), b -> new TreeSet<>()).add(item.foreign());
            }
        }
        List<String> events = new ArrayList<>();
        byBase.forEach((base, currencies) -> {
            ObjectNode event = JSON.createObjectNode().put("base", base);
            currencies.forEach(event.putArray("currencies")::add);
            events.add(event.toString());
        });
        return events;
    }

    @Override
    public void close() {
        batcher.close();
        if (template != null) {
            try {
                template.close();
            } catch (IOException e) {
                LOG.debug("closing the batch template: {}", e.toString());
            }
        }
    }
}
