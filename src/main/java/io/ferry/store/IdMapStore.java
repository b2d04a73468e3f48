package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which external ids a vendor already knows, per target, and the vendor's own id for them; and which creates were
 * sent without their answer being recorded (a create intent), so that a record interrupted by a crash is looked for
 * before it is created again. Plain SQL that runs the same on H2 and PostgreSQL: an update, then an insert when nothing
 * was updated, then the update again when another instance inserted the row in between.
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

    /** What the id map holds for several external ids of one target: their mappings, and which have a create intent. */
    public record Known(Map<String, Mapping> mappings, Set<String> intents) {
    }

    /**
     * The mappings and create intents of several external ids of one target, in two queries (for change detection
     * ahead of delivery: one chunk of records at a time).
     */
    public Known findAll(String target, Collection<String> externalIds) {
        Map<String, Mapping> mappings = new HashMap<>();
        Set<String> intents = new HashSet<>();
        if (externalIds.isEmpty()) {
            return new Known(mappings, intents);
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(externalIds));
        // Row values, not "target = ? AND external_id IN (...)": H2 reads the whole target through the primary key for
        // that one, but looks each pair up with this. PostgreSQL takes both.
        String in = " WHERE (target, external_id) IN (" + String.join(",", Collections.nCopies(ids.size(), "(?, ?)"))
                + ")";
        try (Connection c = dataSource.getConnection();
             PreparedStatement map = c.prepareStatement(
                     "SELECT external_id, vendor_id, payload_hash, entity_kind FROM ferry_id_map" + in);
             PreparedStatement intent = c.prepareStatement("SELECT external_id FROM ferry_create_intent" + in)) {
            for (PreparedStatement s : List.of(map, intent)) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setString(2 * i + 1, target);
                    s.setString(2 * i + 2, ids.get(i));
                }
            }
            try (ResultSet rs = map.executeQuery()) {
                while (rs.next()) {
                    mappings.put(rs.getString(1), new Mapping(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = intent.executeQuery()) {
                while (rs.next()) {
                    intents.add(rs.getString(1));
                }
            }
            return new Known(mappings, intents);
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
        save(target, externalId, vendorId, payloadHash, null);
    }

    /** The same, with the entity's kind; a null kind keeps the value already stored too. */
    public void save(String target, String externalId, String vendorId, String payloadHash, String kind) {
        write(target, externalId, vendorId, payloadHash, kind, false);
    }

    /**
     * The same as {@link #save(String, String, String, String, String)} for an entity the map did not know a moment
     * ago (just created): the insert goes first, saving the update that would find nothing; should another instance
     * have inserted it in between, the update follows.
     */
    public void saveNew(String target, String externalId, String vendorId, String payloadHash, String kind) {
        write(target, externalId, vendorId, payloadHash, kind, true);
    }

    /** Writes the entity's row and drops its create intent, in one transaction. */
    private void write(String target, String externalId, String vendorId, String payloadHash, String kind,
                       boolean insertFirst) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (insertFirst || update(c, target, externalId, vendorId, payloadHash, kind) == 0) {
                    insert(c, target, externalId, vendorId, payloadHash, kind);
                }
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

    private static void insert(Connection c, String target, String externalId, String vendorId, String payloadHash,
                               String kind) throws SQLException {
        // A failed statement would abort a PostgreSQL transaction: the insert runs behind a savepoint.
        Savepoint beforeInsert = c.setSavepoint();
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
            // Another instance inserted it in between.
            c.rollback(beforeInsert);
            update(c, target, externalId, vendorId, payloadHash, kind);
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
