package io.ferry.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slots of an executor's tasks, running or waiting. A submitter that finds them all taken waits until half of
 * them are free, and then fills them again: it wakes once per half instead of once per finished task (with a
 * semaphore, each finished task woke the reading thread to hand over one more record, a park and an unpark per
 * record).
 */
final class LaneCapacity {
    private final int max;
    private final int low;
    private final AtomicInteger used = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition halfFree = lock.newCondition();

    LaneCapacity(int max) {
        this.max = Math.max(1, max);
        this.low = this.max / 2;
    }

    void acquire() throws InterruptedException {
        while (true) {
            int taken = used.get();
            if (taken < max) {
                if (used.compareAndSet(taken, taken + 1)) {
                    return;
                }
                continue;
            }
            lock.lockInterruptibly();
            try {
                // The release that brings the count down to low signals under the lock: it cannot come between
                // this test and the wait.
                while (used.get() > low) {
                    halfFree.await();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    void release() {
        if (used.decrementAndGet() == low) {
            lock.lock();
            try {
                halfFree.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** LaneCapacity taken (for tests). */
    int used() {
        return used.get();
    }
}
