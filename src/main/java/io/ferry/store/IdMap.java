package io.ferry.store;

import io.ferry.store.IdMapStore.Known;
import io.ferry.store.IdMapStore.Mapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The id map itself: per target and external id, the vendor's id, what can never change of the entity and the hash of
 * the last body delivered, in the entity's row of {@code ferry_id_map} (see {@link IdMapStore}). Writing an entity's
 * answer also drops this instance's create claim in the same statement, so a created record costs one statement
 * after its claim.
 */
final class IdMap {

    // Ids per query of selectAmong: far below H2's largest array and PostgreSQL's parameter count.
    static final int IDS_PER_QUERY = 1_000;

    private static final String UPDATE = "UPDATE ferry_id_map SET vendor_id = COALESCE(?, vendor_id),"
            + " payload_hash = COALESCE(?, payload_hash), pinned = COALESCE(?, pinned), updated_at = ?,"
            // Drops this instance's intent (or one without owner); another instance's claim stays.
            + " intent_owner = CASE WHEN intent_owner = ? OR intent_owner IS NULL THEN NULL ELSE intent_owner END,"
            + " intent_at = CASE WHEN intent_owner = ? OR intent_owner IS NULL THEN NULL ELSE intent_at END"
            + " WHERE target = ? AND external_id = ?";

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final GroupCommit commits;
    private final CreateClaims claims;
    // Found from the first connection's metadata: every connection of the data source is to the same database.
    private volatile IdMapDialect dialect;

    /**
     * @param commits shared with the create claims, so that claims and answers are committed in the same groups
     * @param claims  whose owner's claim an entity's write drops
     */
    IdMap(DataSource dataSource, GroupCommit commits, CreateClaims claims) {
        this.dataSource = dataSource;
        this.commits = commits;
        this.claims = claims;
    }

    /** See {@link IdMapStore#find}. */
    Optional<Mapping> find(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT vendor_id, payload_hash, pinned FROM ferry_id_map"
                     + " WHERE target = ? AND external_id = ? AND updated_at IS NOT NULL")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Mapping(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read the id map: " + e.getMessage(), e);
        }
    }

    /** See {@link IdMapStore#findAll}. */
    Known findAll(String target, Collection<String> externalIds) {
        Map<String, Mapping> mappings = new HashMap<>();
        Set<String> intents = new HashSet<>();
        if (externalIds.isEmpty()) {
            return new Known(mappings, intents);
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(externalIds));
        try (Connection c = dataSource.getConnection()) {
            selectAmong(c, "m.external_id, m.vendor_id, m.payload_hash, m.pinned, m.updated_at IS NOT NULL,"
                    + " m.intent_at IS NOT NULL", target, ids, rs -> {
                        if (rs.getBoolean(5)) {
                            mappings.put(rs.getString(1), new Mapping(rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                        if (rs.getBoolean(6)) {
                            intents.add(rs.getString(1));
                        }
                    });
            return new Known(mappings, intents);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read the id map: " + e.getMessage(), e);
        }
    }

    // Reads the rows of these (distinct) external ids of one target, columns of ferry_id_map m (the first the external
    // id), with one query per thousand ids, in the database's dialect.
    private void selectAmong(Connection c, String columns, String target, List<String> ids, RowReader reader)
            throws SQLException {
        IdMapDialect sql = dialect(c);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            try (PreparedStatement s = c.prepareStatement(sql.selectAmong(columns, some.size()))) {
                sql.bindAmong(c, s, target, some);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    private IdMapDialect dialect(Connection c) throws SQLException {
        IdMapDialect found = dialect;
        if (found == null) {
            found = IdMapDialect.of(c);
            dialect = found;
        }
        return found;
    }

    /**
     * Writes the entity's columns and drops this instance's create intent, in one statement as a rule: the row is
     * there (the claim inserted it, or an earlier delivery). Inserted when it is not; should another instance insert it
     * in between, the update goes again. A create ({@code created}) whose row names another vendor id leaves the row as
     * it is, still drops the intent, and throws {@link VendorIdConflictException}.
     *
     * <p>The commit does not wait for the disk where the database allows it (see {@link DurabilityPolicy}): should a crash
     * lose it, the create intent is back, and the next attempt looks for the entity before it creates it.
     */
    void write(String target, String externalId, String vendorId, String payloadHash, String pinned, boolean created) {
        VendorIdConflictException conflict;
        try {
            conflict = commits.runRecoverable(c -> {
                // A few rounds at most: each lost race means another instance inserted or deleted the row in between.
                for (int round = 0; round < 5; round++) {
                    if (update(c, target, externalId, vendorId, payloadHash, pinned, created) > 0) {
                        return null;
                    }
                    String mapped = created && vendorId != null ? lockedVendorId(c, target, externalId) : null;
                    if (mapped != null && !mapped.equals(vendorId)) {
                        // The row names another vendor id. (The same one: inserted since the update; it goes again.)
                        claims.dropIntent(c, target, externalId);
                        return new VendorIdConflictException(target, externalId, mapped, vendorId);
                    }
                    if (insert(c, target, externalId, vendorId, payloadHash, pinned)) {
                        return null;
                    }
                }
                throw new SQLException("the id-map row of " + target + " " + externalId
                        + " kept changing under concurrent writes");
            });
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
        if (conflict != null) {
            throw conflict;
        }
    }

    // False when another instance inserted the row in between.
    private static boolean insert(Connection c, String target, String externalId, String vendorId, String payloadHash,
                                  String pinned) throws SQLException {
        // A failed statement would abort a PostgreSQL transaction: the insert runs behind a savepoint.
        Savepoint beforeInsert = c.setSavepoint();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ferry_id_map "
                + "(target, external_id, vendor_id, payload_hash, pinned, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, vendorId);
            s.setString(4, payloadHash);
            s.setString(5, pinned);
            s.setTimestamp(6, Timestamp.from(Instant.now()));
            s.executeUpdate();
        } catch (SQLException e) {
            if (!FirstInsertWins.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeInsert);
            return false;
        }
        c.releaseSavepoint(beforeInsert);
        return true;
    }

    // The vendor id of the entity's row, locked; null when there is no row or it names no vendor id.
    private static String lockedVendorId(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT vendor_id FROM ferry_id_map WHERE target = ? AND external_id = ? FOR UPDATE")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // The entity's columns written and this instance's intent dropped; for a create with a vendor id, only when the row
    // names no other vendor id. 0 when no row was (or, for such a create, could be) updated.
    private int update(Connection c, String target, String externalId, String vendorId, String payloadHash,
                       String pinned, boolean created) throws SQLException {
        boolean guarded = created && vendorId != null;
        try (PreparedStatement s = c.prepareStatement(guarded
                ? UPDATE + " AND (vendor_id IS NULL OR vendor_id = ?)" : UPDATE)) {
            s.setString(1, vendorId);
            s.setString(2, payloadHash);
            s.setString(3, pinned);
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.setString(5, claims.owner());
            s.setString(6, claims.owner());
            s.setString(7, target);
            s.setString(8, externalId);
            if (guarded) {
                s.setString(9, vendorId);
            }
            return s.executeUpdate();
        }
    }

    /** See {@link IdMapStore#forget}. */
    void forget(String target, String externalId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM ferry_id_map WHERE target = ? AND external_id = ?"
                    + " AND intent_at IS NULL")) {
                s.setString(1, target);
                s.setString(2, externalId);
                if (s.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET vendor_id = NULL, payload_hash = NULL,"
                    + " pinned = NULL, updated_at = NULL WHERE target = ? AND external_id = ?")) {
                s.setString(1, target);
                s.setString(2, externalId);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
    }
}
