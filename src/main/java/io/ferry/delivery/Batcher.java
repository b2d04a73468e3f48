package io.ferry.delivery;

import io.ferry.record.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects records for a vendor's batch endpoint: a batch is sent when it holds {@code maxSize} items, or
 * {@code maxWait} after its first item arrived (so a small file is not held back). Items are grouped by a key (e.g.
 * the source every item of a COR batch must share). Each submitter gets its own record's outcome.
 *
 * @param <T> the item type
 */
public final class Batcher<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** Sends one batch and answers one outcome per item, in order. */
    @FunctionalInterface
    public interface Sender<T> {
        List<Outcome> send(String group, List<T> items);
    }

    private final class Pending {
        final String group;
        final List<T> items = new ArrayList<>();
        final List<CompletableFuture<Outcome>> futures = new ArrayList<>();

        Pending(String group) {
            this.group = group;
        }
    }

    private final int maxSize;
    private final Duration maxWait;
    private final ScheduledExecutorService timer;
    private final Sender<T> sender;
    private final Map<String, Pending> open = new HashMap<>();

    public Batcher(int maxSize, Duration maxWait, ScheduledExecutorService timer, Sender<T> sender) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.maxSize = maxSize;
        this.maxWait = maxWait;
        this.timer = timer;
        this.sender = sender;
    }

    /**
     * Adds the item to the open batch of its group. When that fills the batch, the batch is sent from this thread
     * before this returns; the future completes once the item's batch was answered.
     */
    public CompletableFuture<Outcome> submit(String group, T item) {
        CompletableFuture<Outcome> future = new CompletableFuture<>();
        Pending full = null;
        synchronized (open) {
            Pending pending = open.get(group);
            if (pending == null) {
                Pending fresh = new Pending(group);
                open.put(group, fresh);
                pending = fresh;
                scheduleFlush(fresh);
            }
            pending.items.add(item);
            pending.futures.add(future);
            if (pending.items.size() >= maxSize) {
                open.remove(group);
                full = pending;
            }
        }
        if (full != null) {
            send(full);
        }
        return future;
    }

    private void scheduleFlush(Pending pending) {
        try {
            timer.schedule(() -> flushIfOpen(pending), maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // Shutting down: close() fails whatever is still open.
        }
    }

    private void flushIfOpen(Pending pending) {
        synchronized (open) {
            if (open.get(pending.group) != pending) {
                return;
            }
            open.remove(pending.group);
        }
        send(pending);
    }

    private void send(Pending batch) {
        List<Outcome> outcomes;
        try {
            outcomes = sender.send(batch.group, List.copyOf(batch.items));
        } catch (RuntimeException e) {
            LOG.error("a batch of {} could not be sent: {}", batch.items.size(), e.toString());
            outcomes = null;
        }
        for (int i = 0; i < batch.futures.size(); i++) {
            Outcome outcome = outcomes != null && i < outcomes.size() && outcomes.get(i) != null ? outcomes.get(i)
                    : Outcome.failed(null, "INTERNAL_ERROR", "the batch ended without an outcome for this record; see the log");
            batch.futures.get(i).complete(outcome);
        }
    }

    /** Fails the items of batches not sent yet (on shutdown), so no record waits forever. */
    @Override
    public void close() {
        List<Pending> left;
        synchronized (open) {
            left = new ArrayList<>(open.values());
            open.clear();
        }
        for (Pending pending : left) {
            pending.futures.forEach(f -> f.complete(Outcome.failed(null, "SHUTDOWN", "Ferry stopped before the batch was sent")));
        }
    }
}
