package io.ferry.deadletter;

import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a vendor whose API refuses Ferry's credentials (401 after a renewal, or 403) instead of burning every record
 * through the dead letter: its intake routes are suspended, the records in flight are parked awaiting
 * {@code auth:<vendor>}, health reports DOWN, and after {@code ferry.auth.pause} (or an operator's resume) intake
 * resumes and the parked records are released.
 */
public final class VendorPause {

    private static final Logger LOG = LoggerFactory.getLogger(VendorPause.class);
    private static final Set<String> AUTH_CODES = Set.of("UNAUTHORIZED", "FORBIDDEN");

    /** Why and until when a vendor is paused; {@code until} is null for a vendor disabled for missing credentials. */
    public record Pause(String reason, Instant until) {
    }

    private final CamelContext context;
    private final Set<String> targets;
    private final Duration pauseFor;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();
    private Consumer<String> onResume = key -> { };

    public VendorPause(CamelContext context, Set<String> targets, Duration pauseFor, ScheduledExecutorService scheduler,
                       Clock clock) {
        this.context = context;
        this.targets = targets;
        this.pauseFor = pauseFor;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** What to do when a vendor resumes: release the records awaiting {@code auth:<vendor>}. */
    public void onResume(Consumer<String> releaseAwaiting) {
        this.onResume = releaseAwaiting;
    }

    /** The vendor of a target: the part of its name before the first dash (cor, complycube, clemta). */
    public static String vendorOf(String target) {
        int dash = target.indexOf('-');
        return dash < 0 ? target : target.substring(0, dash);
    }

    public static String awaitingKey(String vendor) {
        return "auth:" + vendor;
    }

    public boolean isPaused(Record record) {
        // Asked for every record: no vendor name is cut out of the target while nothing is paused.
        return !paused.isEmpty() && paused.containsKey(vendorOf(record.target()));
    }

    /** The record route's test (see {@link io.ferry.record.OutcomeSteps#MALFORMED}): the record's vendor is paused. */
    public Predicate pausedRecord() {
        return exchange -> isPaused(exchange.getIn().getBody(Record.class));
    }

    public Map<String, Pause> paused() {
        return Map.copyOf(paused);
    }

    /** Route step for a record of a paused vendor: parked without a call. */
    public void parkWhilePaused(Exchange exchange) {
        String vendor = vendorOf(RecordExchange.record(exchange).target());
        Pause pause = paused.get(vendor);
        RecordExchange.setOutcome(exchange, Outcome.parked(null, "VENDOR_PAUSED", vendor + " is paused ("
                + (pause == null ? "credentials refused" : pause.reason()) + ")", awaitingKey(vendor)));
    }

    /** Route step after delivery: a refused credential pauses the vendor and parks the record instead of failing it. */
    public void check(Exchange exchange) {
        Outcome outcome = RecordExchange.outcome(exchange);
        if (outcome == null || outcome.status() != Outcome.Status.FAILED || !AUTH_CODES.contains(outcome.code())) {
            return;
        }
        String vendor = vendorOf(RecordExchange.record(exchange).target());
        pause(vendor, outcome.code() + " " + (outcome.httpStatus() == null ? "" : outcome.httpStatus()));
        RecordExchange.setOutcome(exchange, Outcome.parked(outcome.httpStatus(), outcome.code(), outcome.message(),
                awaitingKey(vendor)));
    }

    public void pause(String vendor, String reason) {
        Instant until = clock.instant().plus(pauseFor);
        if (paused.putIfAbsent(vendor, new Pause(reason.trim(), until)) != null) {
            return;
        }
        LOG.error("{} refused Ferry's credentials ({}): its intake is paused until {} and its records are parked "
                + "awaiting {}. Check the {} credentials; resume earlier with POST /vendors/resume?vendor={}",
                vendor, reason.trim(), until, awaitingKey(vendor), vendor, vendor);
        scheduler.execute(() -> suspendIntake(vendor));
        scheduler.schedule(() -> resume(vendor), pauseFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Disables a vendor whose credentials are not configured: its routes do not start (see
     * {@link #keepRoutesStopped}), its parked records stay parked, and health says what to set. Only a restart with
     * the credentials enables it.
     */
    public void disable(String vendor, String reason) {
        paused.put(vendor, new Pause(reason, null));
        LOG.error("{} is disabled: {}. Its inbox folders and queues are not read until Ferry is restarted with them.",
                vendor, reason);
    }

    /** A model strategy that sets autoStartup=false on the target and intake routes of disabled vendors. */
    public ModelLifecycleStrategy keepRoutesStopped() {
        return new ModelLifecycleStrategySupport() {
            @Override
            public void onAddRouteDefinition(RouteDefinition definition) {
                String routeId = definition.getRouteId();
                paused.forEach((vendor, pause) -> {
                    if (pause.until() == null && routeId != null && belongsTo(routeId, vendor)) {
                        definition.setAutoStartup("false");
                    }
                });
            }
        };
    }

    /** Route ids are the target (cor-clients), or contain it after/before a dash (file-cor-clients, cor-clients-batch). */
    private boolean belongsTo(String routeId, String vendor) {
        return targets.stream().filter(target -> vendorOf(target).equals(vendor))
                .anyMatch(t -> routeId.equals(t) || routeId.startsWith(t + "-") || routeId.endsWith("-" + t));
    }

    /** Resumes intake and releases the records parked while paused; false when the vendor was not paused. */
    public boolean resume(String vendor) {
        Pause pause = paused.get(vendor);
        if (pause == null || pause.until() == null || !paused.remove(vendor, pause)) {
            return false;
        }
        LOG.info("{} resumed: intake restarts and the records awaiting {} are released", vendor, awaitingKey(vendor));
        for (String routeId : intakeRoutes(vendor)) {
            try {
                context.getRouteController().resumeRoute(routeId);
            } catch (Exception e) {
                LOG.warn("Cannot resume route {}: {}", routeId, e.getMessage());
            }
        }
        onResume.accept(awaitingKey(vendor));
        return true;
    }

    private void suspendIntake(String vendor) {
        for (String routeId : intakeRoutes(vendor)) {
            try {
                // Waits for the file in progress: its remaining records are parked at once, without a call.
                context.getRouteController().suspendRoute(routeId);
            } catch (Exception e) {
                LOG.warn("Cannot suspend route {}: {}", routeId, e.getMessage());
            }
        }
    }

    private java.util.List<String> intakeRoutes(String vendor) {
        return targets.stream().filter(target -> vendorOf(target).equals(vendor))
                .flatMap(target -> java.util.stream.Stream.of("file-" + target, "queue-" + target, "kafka-" + target))
                .filter(routeId -> context.getRoute(routeId) != null)
                .toList();
    }
}
