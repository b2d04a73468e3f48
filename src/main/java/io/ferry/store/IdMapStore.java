package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which external ids a vendor already knows, per target, and the vendor's own id for them; and which creates were
 * sent without their answer being recorded (a create intent), so that a record interrupted by a crash is looked for
 * before it is created again. Plain SQL that runs the same on H2 and PostgreSQL: an update, then an insert when nothing
 * was updated, then the update again when another instance inserted the row in between.
 */
public final class IdMapStore {

    private static final String UNIQUE_VIOLATION = "23505";

    /** A known entity: the vendor's id (null when not known yet) and the hash of the last body delivered. */
    public record Mapping(String vendorId, String payloadHash) {
    }

    private final DataSource dataSource;

    public IdMapStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Mapping> find(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT vendor_id, payload_hash FROM ferry_id_map WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Mapping(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read the id map: " + e.getMessage(), e);
        }
    }

    public boolean isKnown(String target, String externalId) {
        return find(target, externalId).isPresent();
    }

    /**
     * Remembers the entity as delivered and drops its create intent, in one transaction; a null vendorId or
     * payloadHash keeps the value already stored.
     */
    public void save(String target, String externalId, String vendorId, String payloadHash) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                upsert(c, target, externalId, vendorId, payloadHash);
                dropIntent(c, target, externalId);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
    }

    /**
     * Records that a create is about to be sent, before it is sent: if Ferry stops before the answer is recorded,
     * {@link #createInterrupted} tells the next attempt that the vendor may already have the entity.
     */
    public void intendCreate(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO ferry_create_intent (target, external_id, created_at) VALUES (?, ?, ?)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.executeUpdate();
        } catch (SQLException e) {
            // Already intended (an interrupted create tried again): the row that says so is there.
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("store: cannot write a create intent: " + e.getMessage(), e);
            }
        }
    }

    /** True when a create was sent for the entity and its answer never recorded. */
    public boolean createInterrupted(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT 1 FROM ferry_create_intent WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read create intents: " + e.getMessage(), e);
        }
    }

    /** The vendor answered the create without creating anything: the intent no longer stands. */
    public void dropIntent(String target, String externalId) {
        try (Connection c = dataSource.getConnection()) {
            dropIntent(c, target, externalId);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write create intents: " + e.getMessage(), e);
        }
    }

    private static void upsert(Connection c, String target, String externalId, String vendorId, String payloadHash)
            throws SQLException {
        if (update(c, target, externalId, vendorId, payloadHash) > 0) {
            return;
        }
        // A failed statement would abort a PostgreSQL transaction: the insert runs behind a savepoint.
        Savepoint beforeInsert = c.setSavepoint();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ferry_id_map "
                + "(target, external_id, vendor_id, payload_hash, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, vendorId);
            s.setString(4, payloadHash);
            s.setTimestamp(5, Timestamp.from(Instant.now()));
            s.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeInsert);
            update(c, target, externalId, vendorId, payloadHash);
        }
    }

    private static void dropIntent(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM ferry_create_intent WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.executeUpdate();
        }
    }

    /** Forgets the entity (the vendor said it does not know it). */
    public void forget(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM ferry_id_map WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
    }

    private static int update(Connection c, String target, String externalId, String vendorId, String payloadHash)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET vendor_id = COALESCE(?, vendor_id), "
                + "payload_hash = COALESCE(?, payload_hash), updated_at = ? WHERE target = ? AND external_id = ?")) {
            s.setString(1, vendorId);
            s.setString(2, payloadHash);
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setString(4, target);
            s.setString(5, externalId);
            return s.executeUpdate();
        }
    }
}
