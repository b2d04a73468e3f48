package io.ferry.store;

import io.ferry.store.IdMapStore.Claim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The create claims of the id map: a durable mark, taken before a create is sent, that this instance is creating the
 * entity, so that two instances sharing the store never both create it and a create interrupted by a crash is looked
 * for before it is sent again.
 *
 * <p>A claim lives in the entity's row of {@code ferry_id_map} (see {@link IdMapStore}): {@code intent_owner} names the
 * instance that wrote it, {@code intent_at} says when, by the database's clock. A claim of another instance stands
 * for the lease; after that, its owner is taken to have stopped or given up, and the claim may be taken over.
 */
final class CreateClaims {

    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;
    private final GroupCommit commits;

    /** @param commits shared with the id map's writes, so that claims and answers are committed in the same groups */
    CreateClaims(DataSource dataSource, String owner, Duration lease, GroupCommit commits) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.lease = lease;
        this.commits = commits;
    }

    String owner() {
        return owner;
    }

    Duration lease() {
        return lease;
    }

    /** See {@link IdMapStore#claimAll}. */
    Set<String> claimAll(String target, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Set.of();
        }
        try {
            return commits.run(c -> {
                Set<String> claimed = new LinkedHashSet<>();
                for (String id : new LinkedHashSet<>(externalIds)) {
                    if (insertIntent(c, target, id)) {
                        claimed.add(id);
                    }
                }
                return claimed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write create intents: " + e.getMessage(), e);
        }
    }

    /** See {@link IdMapStore#renewClaim}. */
    boolean renewClaim(String target, String externalId) {
        try {
            return commits.run(c -> renew(c, target, externalId));
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a create intent: " + e.getMessage(), e);
        }
    }

    /** See {@link IdMapStore#claimCreate}. */
    Claim claimCreate(String target, String externalId) {
        try {
            // Committed with other threads' claims (GroupCommit); durable before the create is sent.
            return commits.run(c -> {
                // A few rounds at most: each lost race means another instance changed the row in between.
                for (int round = 0; round < 5; round++) {
                    if (insertIntent(c, target, externalId)) {
                        return Claim.NEW;
                    }
                    Claim claim = claimExisting(c, target, externalId);
                    if (claim != null) {
                        return claim;
                    }
                }
                throw new CreateInProgressException(target, externalId, "unknown", lease);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a create intent: " + e.getMessage(), e);
        }
    }

    // Inserts the entity's row holding only this instance's intent; false when the row is there.
    private boolean insertIntent(Connection c, String target, String externalId) throws SQLException {
        return FirstInsertWins.unlessPresent(c, "INSERT INTO ferry_id_map (target, external_id, intent_owner, intent_at)"
                + " VALUES (?, ?, ?, LOCALTIMESTAMP)", target, externalId, owner);
    }

    // The row there: its intent written when it has none, renewed when ours, taken over when stale, else
    // CreateInProgressException; null when the row changed in between (deleted, or claimed by another instance) and
    // the caller should look again.
    private Claim claimExisting(Connection c, String target, String externalId) throws SQLException {
        String holder;
        Timestamp claimedAt;
        Timestamp now;
        try (PreparedStatement s = c.prepareStatement("SELECT intent_owner, intent_at, LOCALTIMESTAMP FROM ferry_id_map"
                + " WHERE target = ? AND external_id = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                holder = rs.getString(1);
                claimedAt = rs.getTimestamp(2);
                now = rs.getTimestamp(3);
            }
        }
        if (claimedAt == null) {
            // A known entity without a create in flight: only one instance can be the first to claim it.
            try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET intent_owner = ?,"
                    + " intent_at = LOCALTIMESTAMP WHERE target = ? AND external_id = ? AND intent_at IS NULL")) {
                s.setString(1, owner);
                s.setString(2, target);
                s.setString(3, externalId);
                return s.executeUpdate() == 1 ? Claim.NEW : null;
            }
        }
        if (owner.equals(holder)) {
            return renew(c, target, externalId) ? Claim.INTERRUPTED : null;
        }
        Duration age = Duration.between(claimedAt.toInstant(), now.toInstant());
        if (holder != null && age.compareTo(lease) < 0) {
            throw new CreateInProgressException(target, externalId, holder, lease.minus(age));
        }
        // Stale (or without owner: written before owners were recorded): only one instance can move intent_at past the
        // limit, so only one takes it over.
        Timestamp limit = Timestamp.from((holder == null ? claimedAt.toInstant() : now.toInstant().minus(lease)));
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET intent_owner = ?,"
                + " intent_at = LOCALTIMESTAMP WHERE target = ? AND external_id = ? AND intent_at <= ?")) {
            s.setString(1, owner);
            s.setString(2, target);
            s.setString(3, externalId);
            s.setTimestamp(4, limit);
            return s.executeUpdate() == 1 ? Claim.INTERRUPTED : null;
        }
    }

    private boolean renew(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET intent_at = LOCALTIMESTAMP"
                + " WHERE target = ? AND external_id = ? AND intent_owner = ? AND intent_at IS NOT NULL")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, owner);
            return s.executeUpdate() == 1;
        }
    }

    /** See {@link IdMapStore#createInterrupted}. */
    boolean createInterrupted(String target, String externalId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM ferry_id_map"
                     + " WHERE target = ? AND external_id = ? AND intent_at IS NOT NULL")) {
            s.setString(1, target);
            s.setString(2, externalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read create intents: " + e.getMessage(), e);
        }
    }

    /** See {@link IdMapStore#dropIntent}. */
    void dropIntent(String target, String externalId) {
        try (Connection c = dataSource.getConnection()) {
            dropIntent(c, target, externalId);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write create intents: " + e.getMessage(), e);
        }
    }

    /**
     * Drops this instance's intent (or one without owner) on this connection, inside the caller's transaction: a row
     * that held only the intent goes; a known entity's row stays, without the intent.
     */
    void dropIntent(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM ferry_id_map WHERE target = ? AND external_id = ?"
                + " AND updated_at IS NULL AND (intent_owner = ? OR intent_owner IS NULL)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, owner);
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_id_map SET intent_owner = NULL, intent_at = NULL"
                + " WHERE target = ? AND external_id = ? AND intent_at IS NOT NULL"
                + " AND (intent_owner = ? OR intent_owner IS NULL)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, owner);
            s.executeUpdate();
        }
    }
}
