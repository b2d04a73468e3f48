package io.ferry.sandbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests one simulated API serves at once, so that a client's concurrency control has something to find:
 * a request is in flight from the moment the sandbox reads it until its answer is written (its latency included).
 * With a capacity of 0 (the default) the API is never busy. Above the capacity a request is either refused at once
 * with 429 and {@code Retry-After: 1} ({@link SandboxConfig.Overflow#REJECT}, the way a vendor's gateway sheds load),
 * or answered later ({@link SandboxConfig.Overflow#SLOW}: the base latency times in-flight over capacity, the way a
 * saturated server queues). The capacity can be changed while requests are in flight; it applies to the next one.
 */
final class ApiCapacity {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private volatile int capacity;

    ApiCapacity(int capacity) {
        set(capacity);
    }

    void set(int newCapacity) {
        if (newCapacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative (0 = unlimited), got: " + newCapacity);
        }
        capacity = newCapacity;
    }

    int capacity() {
        return capacity;
    }

    /**
     * A request arrives: the number in flight with it, or 0 when it is refused (a rejecting API at capacity). A
     * request let in must {@link #leave} once its answer is written.
     */
    int enter(SandboxConfig.Overflow overflow) {
        while (true) {
            int current = inFlight.get();
            int limit = capacity;
            if (limit > 0 && current >= limit && overflow == SandboxConfig.Overflow.REJECT) {
                refused.increment();
                return 0;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                peak.accumulateAndGet(current + 1, Math::max);
                return current + 1;
            }
        }
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** The latency of a request let in with {@code inFlight} requests (itself included) at {@code baseMs}. */
    long latencyMs(long baseMs, int inFlight, SandboxConfig.Overflow overflow) {
        int limit = capacity;
        if (overflow != SandboxConfig.Overflow.SLOW || limit <= 0 || inFlight <= limit) {
            return baseMs;
        }
        return (long) Math.ceil((double) baseMs * inFlight / limit);
    }

    int inFlight() {
        return inFlight.get();
    }

    int peak() {
        return peak.get();
    }

    long refused() {
        return refused.sum();
    }

    /** Forgets the peak and the refusals; requests in flight stay counted until they are answered. */
    void resetCounts() {
        peak.set(inFlight.get());
        refused.reset();
    }
}
