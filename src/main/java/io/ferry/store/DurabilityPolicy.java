package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * When a committed transaction survives a crash of the database's process, and how to ask for that. The store holds
 * two kinds of writes:
 * <ul>
 *   <li><b>Durable</b>: a create claim before its create is sent, a file marked as started or processed. If a crash
 *       lost one, a create could be sent twice, or a report started over. These are durable when the call returns.
 *   <li><b>Recoverable</b>: the id-map row after a vendor's answer (it also drops the create intent). A crash that
 *       loses it brings back the create intent, which the claim made durable, and the next attempt looks for the
 *       entity or updates it before it creates. The cost is one call more for that record, and never a second
 *       create. These commits need not wait for the disk.
 * </ul>
 *
 * <p>How each database does it:
 * <ul>
 *   <li>H2 with a write delay (ferry's own store: {@code WRITE_DELAY=500}): a commit is in memory until H2 writes the
 *       store, at the latest after the delay. A durable write is followed by {@code CHECKPOINT}, which writes it
 *       now, with every commit before it. That needs an admin user: Ferry checks this at start. (H2 never forces its
 *       file to the disk, even with {@code WRITE_DELAY=0}. A killed process loses nothing written, but a power cut
 *       can.)
 *   <li>PostgreSQL: every commit waits for the write-ahead log. A recoverable transaction sets
 *       {@code synchronous_commit} off for itself. Only a crash of the database server can lose it, and that
 *       loses at most three times {@code wal_writer_delay}.
 *   <li>H2 with {@code WRITE_DELAY=0}, and any other database: every commit is durable as it is.
 * </ul>
 */
final class DurabilityPolicy {

    enum Kind {
        /** Every commit is durable when it returns. */
        AT_COMMIT,
        /** H2 with a write delay: durable after CHECKPOINT. */
        H2_DELAYED,
        /** PostgreSQL: durable at commit, unless the transaction turns synchronous_commit off. */
        POSTGRES
    }

    /** H2's error code when a command needs an admin user. */
    private static final int H2_ADMIN_RIGHTS_REQUIRED = 90040;

    private volatile Kind kind;

    /** What this database does; found on first use, from the connection's database. */
    Kind kind(Connection c) throws SQLException {
        Kind known = kind;
        if (known == null) {
            known = of(c);
            kind = known;
        }
        return known;
    }

    /** After the commit of a durable write: makes it durable now (CHECKPOINT on H2 with a write delay). */
    void flush(Connection c) throws SQLException {
        if (kind(c) == Kind.H2_DELAYED) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    /** Inside a recoverable transaction, before its writes: lets its commit return before the disk has it. */
    void relax(Connection c) throws SQLException {
        if (kind(c) == Kind.POSTGRES) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    /** True when a recoverable write is cheaper alone than in a group commit: its commit does not wait for the disk. */
    boolean relaxes(Connection c) throws SQLException {
        return kind(c) != Kind.AT_COMMIT;
    }

    /** What the database behind this connection does. */
    static Kind of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if ("PostgreSQL".equals(product)) {
            return Kind.POSTGRES;
        }
        return "H2".equals(product) && writeDelay(c) > 0 ? Kind.H2_DELAYED : Kind.AT_COMMIT;
    }

    /**
     * At start: on H2 with a write delay, checks that this user may run CHECKPOINT. Without it no claim could be made
     * durable, so this fails with what to change.
     */
    static void check(Connection c) throws SQLException {
        if (of(c) != Kind.H2_DELAYED) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_ADMIN_RIGHTS_REQUIRED) {
                throw new IllegalStateException("store: the H2 user of ferry.store.url is not an admin, and H2 writes"
                        + " commits to its file only after WRITE_DELAY: Ferry cannot make a create claim durable"
                        + " before the create is sent. Connect as an admin, or have one run SET WRITE_DELAY 0 (H2"
                        + " keeps it in the database).", e);
            }
            throw e;
        }
    }

    private static long writeDelay(Connection c) throws SQLException {
        long delay = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                delay = Math.max(delay, Long.parseLong(rs.getString(1).strip()));
            }
        }
        return delay;
    }
}
