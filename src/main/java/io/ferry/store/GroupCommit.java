package io.ferry.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Group commit: the small transactions of many threads (a create claim before each create, the id-map row after each
 * answer) committed together. A thread queues its work; when no group is being committed, it leads the next one: it
 * runs every queued work in one transaction and commits once for all of them, while the threads that queue meanwhile
 * wait for the group after it. Each caller returns only after its own work
 * is committed, so a caller sees exactly what it would with a transaction of its own: the work is durable before the
 * caller goes on (sends the create, writes the report line). Only the number of commits changes: with H2 each commit
 * writes a new chunk of the store file, and with PostgreSQL each waits for the write-ahead log.
 *
 * <p>Each work runs behind a savepoint: one that throws is undone alone, its exception goes to its caller, and the
 * others are committed. Should the commit itself fail, every caller of the group gets that failure, as it would have
 * from its own commit.
 *
 * <p>A group is durable when its callers return ({@link DurabilityPolicy#flush}). A recoverable work (see
 * {@link DurabilityPolicy}) has no such wait on H2 with a write delay or on PostgreSQL: it runs at once, in a transaction of
 * its own ({@link #runRecoverable}).
 */
final class GroupCommit {

    /** One unit of work inside the group's transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final class Pending<T> {
        private final Work<T> work;
        private boolean done;
        private T result;
        private Exception failure;

        Pending(Work<T> work) {
            this.work = work;
        }
    }

    private final DataSource dataSource;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    // True while a thread commits a group; its end wakes the waiting threads: those whose work it committed return,
    // one of the others leads the next group. (A thread whose work is done must not queue for a lock behind the next
    // group: it would not add its next work meanwhile, and groups would stay small.)
    private boolean leading;
    // Size of the last group (read and written by the leading thread only, under the hand-over of leading).
    private int lastGroup;
    private final long delayNanos;
    private final DurabilityPolicy durability = new DurabilityPolicy();

    /**
     * @param delay how long a group waits for more works before it commits, when other threads are writing at the same
     *              time (the last group had several works, or several wait already); zero commits at once. A thread
     *              writing alone never waits. This is PostgreSQL's commit_delay: each work waits a little longer, and
     *              far fewer commits are made.
     */
    GroupCommit(DataSource dataSource, Duration delay) {
        this.dataSource = dataSource;
        this.delayNanos = delay.toNanos();
    }

    /** Runs the work in a transaction, likely shared with other threads' works; returns once it is committed. */
    <T> T run(Work<T> work) throws SQLException {
        Pending<T> mine = new Pending<>(work);
        queue.add(mine);
        while (!leadOrWait(mine)) {
            try {
                commitQueued();
            } finally {
                synchronized (this) {
                    leading = false;
                    notifyAll();
                }
            }
        }
        if (mine.failure instanceof SQLException e) {
            throw e;
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        return mine.result;
    }

    // True when the work is committed; false when this thread is to commit the next group, queued works included.
    private synchronized boolean leadOrWait(Pending<?> mine) {
        boolean interrupted = false;
        while (!mine.done && leading) {
            try {
                wait();
            } catch (InterruptedException e) {
                // The work is queued and will be committed: wait for it, and keep the interrupt for the caller.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.done) {
            return true;
        }
        leading = true;
        return false;
    }

    /**
     * Runs a recoverable work (see {@link DurabilityPolicy}): where its commit need not wait for the disk, in a transaction
     * of its own, at once; elsewhere like {@link #run}, in a group. Returns once it is committed.
     */
    <T> T runRecoverable(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (durability.relaxes(c)) {
                return runAlone(c, work);
            }
        }
        return run(work);
    }

    private <T> T runAlone(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            durability.relax(c);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Works waiting for the next commit (for tests). */
    int waiting() {
        return queue.size();
    }

    // By the leading thread: every work queued so far, in one transaction; then, each in a transaction of its own, the
    // works that met a database error in the group (on PostgreSQL a group can meet another instance's in a deadlock,
    // which a transaction of one work could not).
    private void commitQueued() {
        List<Pending<?>> group = new ArrayList<>();
        if (delayNanos > 0 && (lastGroup > 1 || queue.size() > 1)) {
            // Other threads are writing too: give them the delay to join this group.
            LockSupport.parkNanos(delayNanos);
        }
        for (Pending<?> p = queue.poll(); p != null; p = queue.poll()) {
            group.add(p);
        }
        commit(group);
        lastGroup = group.size();
        if (group.size() > 1) {
            for (Pending<?> p : group) {
                if (p.failure instanceof SQLException) {
                    p.failure = null;
                    commit(List.of(p));
                }
            }
        }
    }

    private void commit(List<Pending<?>> group) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Pending<?> p : group) {
                    runOne(c, p, group.size() > 1);
                }
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            // Should this fail, the callers fail as if their commit had: a claim then never goes out without its create
            // being durable.
            durability.flush(c);
        } catch (SQLException | RuntimeException e) {
            // Nothing of the group was committed (or, when CHECKPOINT failed, made durable): each caller gets the
            // failure its own commit would have had.
            fail(group, e);
        } catch (Error e) {
            // Not even an error of the JVM may let a caller take its work as committed.
            fail(group, new IllegalStateException("store: a transaction failed: " + e, e));
            throw e;
        } finally {
            for (Pending<?> p : group) {
                p.done = true;
            }
        }
    }

    private static void fail(List<Pending<?>> group, Exception failure) {
        for (Pending<?> p : group) {
            if (p.failure == null) {
                p.failure = failure;
            }
        }
    }

    private static <T> void runOne(Connection c, Pending<T> p, boolean shared) throws SQLException {
        // Alone in the transaction, a failed work is undone by the rollback of the whole; shared, by its savepoint.
        Savepoint before = shared ? c.setSavepoint() : null;
        try {
            p.result = p.work.run(c);
        } catch (SQLException | RuntimeException e) {
            p.failure = e;
            if (before == null) {
                throw e;
            }
            c.rollback(before);
            return;
        }
        if (before != null) {
            c.releaseSavepoint(before);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
