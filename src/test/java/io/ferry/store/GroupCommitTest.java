package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ferry.testing.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final Store store = TestDatabase.h2("group").openStore(4);
    private final CountingDataSource counting = new CountingDataSource(store.dataSource());
    private final GroupCommit commits = new GroupCommit(counting, Duration.ZERO);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    GroupCommitTest() throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)")) {
            s.executeUpdate();
        }
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        store.close();
    }

    @Test
    void worksQueuedWhileAnotherCommitsShareTheNextCommitAndEachIsStoredWhenItsCallReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = threads.submit(() -> commits.run(c -> {
            insert(c, "first");
            waitFor(release);
            return true;
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.connections.get() == 1);
        List<Future<Boolean>> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = "queued-" + i;
            queued.add(threads.submit(() -> commits.run(c -> insert(c, key))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == 6);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        for (Future<Boolean> f : queued) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(keys()).containsExactlyInAnyOrder("first", "queued-0", "queued-1", "queued-2", "queued-3",
                "queued-4", "queued-5");
        assertThat(counting.connections.get()).as("transactions: the first, then one for the six queued").isEqualTo(2);
    }

    @Test
    void whileSeveralThreadsWriteAGroupWaitsTheDelayForOthersToJoinIt() throws Exception {
        GroupCommit delayed = new GroupCommit(counting, Duration.ofSeconds(3));
        // Two works queue while a first one commits: several threads are writing.
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> holder = threads.submit(() -> delayed.run(c -> waitFor(release)));
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.connections.get() == 1);
        Future<Boolean> second = threads.submit(() -> delayed.run(c -> insert(c, "second")));
        Future<Boolean> third = threads.submit(() -> delayed.run(c -> insert(c, "third")));
        await().atMost(Duration.ofSeconds(10)).until(() -> delayed.waiting() == 2);
        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(counting.connections.get()).as("the first work, then the two together").isEqualTo(2);
        int before = counting.connections.get();

        // The next leader waits: the works that come meanwhile are committed with its own, in one transaction.
        List<Future<Boolean>> writers = new ArrayList<>();
        for (String key : List.of("x", "y", "z")) {
            writers.add(threads.submit(() -> delayed.run(c -> insert(c, key))));
        }
        for (Future<Boolean> f : writers) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(keys()).containsExactlyInAnyOrder("second", "third", "x", "y", "z");
        assertThat(counting.connections.get() - before).as("transactions for x, y and z").isEqualTo(1);
    }

    @Test
    void aThreadWritingAloneNeverWaitsForTheDelay() {
        GroupCommit delayed = new GroupCommit(counting, Duration.ofSeconds(30));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20; i++) {
                String key = "alone-" + i;
                delayed.run(c -> insert(c, key));
            }
        });
        assertThat(counting.connections.get()).isEqualTo(20);
    }

    @Test
    void aWorkThatThrowsIsUndoneAloneAndOnlyItsCallerGetsTheException() throws Exception {
        List<Future<Boolean>> results = runGrouped(List.of(
                c -> insert(c, "a"),
                c -> {
                    insert(c, "undone");
                    throw new IllegalArgumentException("work failed");
                },
                c -> insert(c, "b")));
        assertThat(results.get(0).get()).isTrue();
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("work failed");
        assertThat(results.get(2).get()).isTrue();
        assertThat(keys()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aWorkThatMetADatabaseErrorInAGroupIsTriedAgainInATransactionOfItsOwn() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Future<Boolean>> results = runGrouped(List.of(
                c -> insert(c, "a"),
                c -> {
                    insert(c, "retried");
                    if (attempts.incrementAndGet() == 1) {
                        throw new SQLTransientException("deadlock detected", "40P01");
                    }
                    return true;
                }));
        assertThat(results.get(0).get()).isTrue();
        assertThat(results.get(1).get()).isTrue();
        assertThat(attempts).hasValue(2);
        assertThat(keys()).containsExactlyInAnyOrder("a", "retried");
    }

    @Test
    void anErrorOfTheJvmInAGroupLeavesNoCallerBelievingItsWorkCommitted() throws Exception {
        List<Future<Boolean>> results = runGrouped(List.of(
                c -> insert(c, "a"),
                c -> {
                    throw new StackOverflowError("deep");
                }));
        // The thread that led the group gets the error itself, the other an IllegalStateException: neither returns.
        for (Future<Boolean> result : results) {
            assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfAny(IllegalStateException.class, StackOverflowError.class);
        }
        assertThat(keys()).isEmpty();
    }

    @Test
    void aDatabaseErrorAloneReachesTheCaller() throws SQLException {
        assertThatThrownBy(() -> commits.run(c -> insert(c, "x") && insert(c, "x")))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo(FirstInsertWins.UNIQUE_VIOLATION);
        assertThat(keys()).isEmpty();
    }

    // Runs the works in one group: a first work holds the commit until all of them wait.
    private List<Future<Boolean>> runGrouped(List<GroupCommit.Work<Boolean>> works) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> holder = threads.submit(() -> commits.run(c -> waitFor(release)));
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.connections.get() == 1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (GroupCommit.Work<Boolean> work : works) {
            results.add(threads.submit(() -> commits.run(work)));
            int queued = results.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == queued);
        }
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        for (Future<Boolean> f : results) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Read by the test.
            }
        }
        return results;
    }

    private static boolean waitFor(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean insert(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
            s.setString(1, key);
            return s.executeUpdate() == 1;
        }
    }

    private List<String> keys() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT k FROM t");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** Counts the connections taken: one per transaction of GroupCommit. */
    private static final class CountingDataSource implements DataSource {
        private final DataSource delegate;
        private final AtomicInteger connections = new AtomicInteger();

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
