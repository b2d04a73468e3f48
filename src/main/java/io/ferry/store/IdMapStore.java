package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which external ids a vendor already knows, per target, and the vendor's own id for them. Plain SQL that runs the
 * same on H2 and PostgreSQL: an update, then an insert when nothing was updated, then the update again when another
 * instance inserted the row in between.
 */
public final class IdMapStore {

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * A known entity: the vendor's id (null when not known yet), the hash of the last body delivered, and what the
     * vendor says the entity is when that can never change (a ComplyCube client's type), else null.
     */
    public record Mapping(String vendorId, String payloadHash, String kind) {

        public Mapping(String vendorId, String payloadHash) {
            this(vendorId, payloadHash, null);
        }
    }

    private final DataSource dataSource;

    public IdMapStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Mapping> find(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT vendor_id, payload_hash, entity_kind FROM ferry_id_map WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Mapping(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read the id map: " + e.getMessage(), e);
        }
    }

    public boolean isKnown(String target, String externalId) {
        return find(target, externalId).isPresent();
    }

    /** Remembers the entity as delivered; a null vendorId or payloadHash keeps the value already stored. */
    public void save(String target, String externalId, String vendorId, String payloadHash) {
        save(target, externalId, vendorId, payloadHash, null);
    }

    /** The same, with the entity's kind; a null kind keeps the value already stored too. */
    public void save(String target, String externalId, String vendorId, String payloadHash, String kind) {
        try (Connection c = dataSource.getConnection()) {
            if (update(c, target, externalId, vendorId, payloadHash, kind) > 0) {
                return;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ferry_id_map "
                    + "(target, external_id, vendor_id, payload_hash, entity_kind, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, target);
                s.setString(2, externalId);
                s.setString(3, vendorId);
                s.setString(4, payloadHash);
                s.setString(5, kind);
                s.setTimestamp(6, Timestamp.from(Instant.now()));
                s.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                update(c, target, externalId, vendorId, payloadHash, kind);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
    }

    /**
     * The same as {@link #save(String, String, String, String, String)} for an entity the map did not know a moment
     * ago (just created): the insert goes first, saving the update that would find nothing; should another instance
     * have inserted it in between, the update follows.
     */
    public void saveNew(String target, String externalId, String vendorId, String payloadHash, String kind) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ferry_id_map "
                    + "(target, external_id, vendor_id, payload_hash, entity_kind, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, target);
                s.setString(2, externalId);
                s.setString(3, vendorId);
                s.setString(4, payloadHash);
                s.setString(5, kind);
                s.setTimestamp(6, Timestamp.from(Instant.now()));
                s.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                update(c, target, externalId, vendorId, payloadHash, kind);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
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

    private static int update(Connection c, String target, String externalId, String vendorId, String payloadHash,
                              String kind) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET vendor_id = COALESCE(?, vendor_id), "
                + "payload_hash = COALESCE(?, payload_hash), entity_kind = COALESCE(?, entity_kind), updated_at = ? "
                + "WHERE target = ? AND external_id = ?")) {
            s.setString(1, vendorId);
            s.setString(2, payloadHash);
            s.setString(3, kind);
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.setString(5, target);
            s.setString(6, externalId);
            return s.executeUpdate();
        }
    }
}
