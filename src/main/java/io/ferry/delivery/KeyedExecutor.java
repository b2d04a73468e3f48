package io.ferry.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N threads that run tasks in submission order per key: a task whose key has nothing running or waiting starts
 * on a free thread; otherwise it joins that key's chain, which one thread runs to its end. {@link LaneCapacity} bound
 * the tasks running or waiting.
 */
final class KeyedExecutor {
    private final ExecutorService threads;
    private final LaneCapacity capacity;
    // Keys with a task running, and the tasks waiting behind it (in submission order).
    private final Map<String, ArrayDeque<Runnable>> chains = new HashMap<>();

    KeyedExecutor(String name, int threads, int capacity) {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ferry-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.capacity = new LaneCapacity(Math.max(threads, capacity));
    }

    void submit(String key, Runnable task) throws InterruptedException {
        capacity.acquire();
        synchronized (chains) {
            ArrayDeque<Runnable> chain = chains.get(key);
            if (chain != null) {
                chain.add(task);
                return;
            }
            chains.put(key, new ArrayDeque<>());
        }
        try {
            threads.execute(() -> runChain(key, task));
        } catch (RuntimeException e) {
            synchronized (chains) {
                chains.remove(key);
            }
            capacity.release();
            throw e;
        }
    }

    private void runChain(String key, Runnable first) {
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } finally {
                capacity.release();
            }
            synchronized (chains) {
                ArrayDeque<Runnable> chain = chains.get(key);
                task = chain.poll();
                if (task == null) {
                    chains.remove(key);
                }
            }
        }
    }

    void close() {
        // Records already handed over are delivered first; threads that do not finish in time are interrupted.
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
