package io.ferry.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Writes of several threads committed together: each caller hands its work over and returns once a commit that
 * holds it succeeded, so nothing is reported before it is stored. Whoever finds no commit running takes every work
 * waiting and commits it in one transaction; the others wait for that commit or run the next one. On an embedded H2
 * with WRITE_DELAY=0 every commit writes to the file, so 8 delivery lanes writing at once cost one commit, not 8.
 * Each work runs behind its own savepoint: one that fails is rolled back alone and its caller gets the error.
 */
final class GroupCommit {

    /** One caller's statements, run on the shared transaction's connection. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private static final class Pending {
        private final Work work;
        private boolean done;
        private Exception failure;

        Pending(Work work) {
            this.work = work;
        }
    }

    private final DataSource dataSource;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    GroupCommit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in a transaction and returns after it committed. */
    void run(Work work) throws SQLException {
        Pending mine = new Pending(work);
        waiting.add(mine);
        committing.lock();
        try {
            // The commit that ran while this caller waited for the lock may have taken its work already.
            if (!mine.done) {
                commitWaiting();
            }
        } finally {
            committing.unlock();
        }
        if (mine.failure instanceof SQLException e) {
            throw e;
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
    }

    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = waiting.poll(); next != null; next = waiting.poll()) {
            batch.add(next);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Pending pending : batch) {
                    Savepoint before = c.setSavepoint();
                    try {
                        pending.work.run(c);
                    } catch (SQLException | RuntimeException e) {
                        c.rollback(before);
                        pending.failure = e;
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            for (Pending pending : batch) {
                if (pending.failure == null) {
                    pending.failure = e;
                }
            }
        }
        batch.forEach(pending -> pending.done = true);
    }
}
