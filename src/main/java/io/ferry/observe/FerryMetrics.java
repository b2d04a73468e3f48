package io.ferry.observe;

import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.delivery.VendorConcurrency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own metrics on Camel's Micrometer registry (Prometheus at /observe/metrics): records per target and outcome,
 * vendor call latency, 429 answers, and the parked records per awaiting key. Without a registry (metrics disabled)
 * every call is a no-op.
 */
public final class FerryMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(FerryMetrics.class);

    private final CamelContext context;
    private volatile MeterRegistry registry;
    private volatile MultiGauge parked;
    private volatile VendorConcurrency concurrency;
    private volatile List<String> concurrencyVendors = List.of();
    private final Map<String, Counter> records = new ConcurrentHashMap<>();
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();

    public FerryMetrics(CamelContext context) {
        this.context = context;
    }

    /** Route step after the report row: counts the record's final outcome. */
    public void record(Exchange exchange) {
        count(RecordExchange.record(exchange), RecordExchange.outcome(exchange));
    }

    /** Counts a record's final outcome (also for records settled without an exchange). */
    public void count(Record record, Outcome outcome) {
        MeterRegistry meters = registry();
        if (meters != null && record != null && outcome != null) {
            counter(meters, record.target(), outcome.status()).increment();
        }
    }

    /**
     * Counts the final outcomes of several records (records.get(i) ended with outcomes.get(i)): a run of records with
     * the same target and outcome is one increment, so a re-sent file looks its counter up once per chunk instead of
     * once per record.
     */
    public void countAll(List<Record> records, List<Outcome> outcomes) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        Counter counter = null;
        String target = null;
        Outcome.Status status = null;
        int run = 0;
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            Outcome outcome = outcomes.get(i);
            if (record == null || outcome == null) {
                continue;
            }
            if (counter != null && outcome.status() == status && record.target().equals(target)) {
                run++;
                continue;
            }
            if (counter != null) {
                counter.increment(run);
            }
            target = record.target();
            status = outcome.status();
            counter = counter(meters, target, status);
            run = 1;
        }
        if (counter != null) {
            counter.increment(run);
        }
    }

    // Looked up once per target and outcome: building and registering a counter per record costs more.
    private Counter counter(MeterRegistry meters, String target, Outcome.Status status) {
        return records.computeIfAbsent(target + "\n" + status.label(), key -> Counter.builder("ferry.records")
                .description("records by target and final outcome").tags("target", target, "outcome", status.label())
                .register(meters));
    }

    /** One HTTP call to a vendor: its latency by vendor and status (or the error type). */
    public void vendorCall(String vendor, String status, long nanos) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        // Looked up once per vendor and status, as the record counters are.
        calls.computeIfAbsent(vendor + "\n" + status, key -> Timer.builder("ferry.vendor.calls")
                .description("vendor HTTP call latency").tags("vendor", vendor, "status", status)
                .publishPercentileHistogram().register(meters)).record(nanos, TimeUnit.NANOSECONDS);
        if ("429".equals(status)) {
            Counter.builder("ferry.rate.limited").description("429 answers: the vendor asked Ferry to slow down")
                    .tags("vendor", vendor).register(meters).increment();
        }
    }

    /** The calls to one vendor so far, and how many of them got no 2xx answer. */
    public record VendorCalls(long calls, long errors) {
    }

    /** The calls so far by vendor (lower case), from the call timers. */
    public Map<String, VendorCalls> vendorCalls() {
        Map<String, long[]> totals = new java.util.TreeMap<>();
        calls.forEach((key, timer) -> {
            int cut = key.indexOf('\n');
            long[] total = totals.computeIfAbsent(key.substring(0, cut), vendor -> new long[2]);
            total[0] += timer.count();
            if (!key.startsWith("2", cut + 1)) {
                total[1] += timer.count();
            }
        });
        Map<String, VendorCalls> result = new java.util.TreeMap<>();
        totals.forEach((vendor, total) -> result.put(vendor, new VendorCalls(total[0], total[1])));
        return result;
    }

    /** A vendor call that waited for the vendor's client-side rate limit (throttled, not failed). */
    public void rateLimitWait(String vendor, long nanos) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        Timer.builder("ferry.rate.limit.waits").description("vendor calls that waited for Ferry's rate limit, and how"
                + " long").tags("vendor", vendor).register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Refreshes the parked-records gauge (per awaiting key, plus held) from the dead letter at a fixed interval. */
    public void watchParked(DeadLetterQueue queue, ScheduledExecutorService scheduler, Duration every) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refreshParked(queue.counts());
            } catch (RuntimeException e) {
                LOG.debug("parked gauge not refreshed: {}", e.getMessage());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refreshParked(DeadLetterQueue.Counts counts) {
        MeterRegistry meters = registry();
        if (meters == null) {
            return;
        }
        if (parked == null) {
            parked = MultiGauge.builder("ferry.parked").description("records on the dead letter by awaiting key")
                    .register(meters);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.byAwaiting().forEach((key, count) -> rows.add(MultiGauge.Row.of(Tags.of("awaiting", key), count)));
        long withoutKey = counts.total() - counts.byAwaiting().values().stream().mapToLong(Long::longValue).sum();
        rows.add(MultiGauge.Row.of(Tags.of("awaiting", "none"), withoutKey));
        rows.add(MultiGauge.Row.of(Tags.of("awaiting", "held"), counts.held()));
        parked.register(rows, true);
    }

    /**
     * Each vendor's current concurrency limit as the gauge ferry_vendor_concurrency_limit{vendor}: the limiter's in
     * adaptive mode, the lanes' thread count in fixed mode. Registered with the registry, once there is one.
     */
    public void watchConcurrency(VendorConcurrency concurrency, List<String> vendors) {
        this.concurrency = concurrency;
        this.concurrencyVendors = List.copyOf(vendors);
        registry();
    }

    private MeterRegistry registry() {
        MeterRegistry meters = registry;
        if (meters == null) {
            // Camel's Micrometer support binds its registry when the context starts, after Ferry's beans exist.
            meters = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                registerGauges(meters);
            }
            registry = meters;
        }
        return meters;
    }

    private void registerGauges(MeterRegistry meters) {
        VendorConcurrency limits = concurrency;
        if (limits == null) {
            return;
        }
        for (String vendor : concurrencyVendors) {
            Gauge.builder("ferry.vendor.concurrency.limit", limits, l -> l.limit(vendor))
                    .description("calls to the vendor allowed in flight at once (adaptive: the limiter's current limit)")
                    .tag("vendor", vendor).register(meters);
        }
    }
}
