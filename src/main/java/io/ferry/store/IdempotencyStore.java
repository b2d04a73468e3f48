package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** Remembers which inputs (files by name and content, messages by id) were fully processed; survives restarts. */
public final class IdempotencyStore {

    private final DataSource dataSource;
    private final DurabilityPolicy durability = new DurabilityPolicy();

    public IdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean contains(String scope, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM ferry_processed WHERE scope = ? AND item_key = ?")) {
            s.setString(1, scope);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read processed inputs: " + e.getMessage(), e);
        }
    }

    /**
     * Records the input as processed; false when it already was (the primary key makes this safe across instances).
     * The mark is durable when this returns (see {@link DurabilityPolicy}): a file's run marked as started always resumes
     * its report after a crash.
     */
    public boolean add(String scope, String key) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO ferry_processed (scope, item_key, processed_at) VALUES (?, ?, ?)")) {
                s.setString(1, scope);
                s.setString(2, key);
                s.setTimestamp(3, Timestamp.from(Instant.now()));
                s.executeUpdate();
            }
            durability.flush(c);
            return true;
        } catch (SQLException e) {
            if (FirstInsertWins.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("store: cannot record a processed input: " + e.getMessage(), e);
        }
    }
}
