package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Duration;
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
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Which external ids a vendor already knows, per target, and the vendor's own id for them; and which creates were
 * sent without their answer being recorded (a create intent), so that a record interrupted by a crash is looked for
 * before it is created again. Plain SQL that runs the same on H2 and PostgreSQL.
 *
 * <p>Both live in one row per (target, external id) of {@code ferry_id_map}: the entity's columns, with
 * {@code updated_at} null while the vendor's entity is not known yet, and the intent's columns ({@code intent_owner},
 * {@code intent_at}), null when no create is in flight. A created record so costs two statements: the insert of its
 * row with the claim, and the update that records the answer and drops the claim in one.
 *
 * <p>Several instances may share the store. A create intent is then also a claim: it names the instance that wrote it
 * (its owner) and when (the database's clock). See {@link #claimCreate}.
 */
public final class IdMapStore {

    /**
     * A known entity: the vendor's id (null when not known yet), the hash of the last update delivered, and what can
     * never change of it (a COR entity's source, a ComplyCube client's type) as the text {@code Pinned} writes, else
     * null.
     */
    public record Mapping(String vendorId, String payloadHash, String pinned) {

        public Mapping(String vendorId, String payloadHash) {
            this(vendorId, payloadHash, null);
        }
    }

    /** Default of ferry.store.create-claim-lease when nothing else is known about the HTTP timeouts. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(5);

    /** What {@link #claimCreate} found. */
    public enum Claim {
        /** No intent stood: this instance may create the entity. */
        NEW,
        /**
         * An intent was left by a create whose answer was never recorded (by this instance before, or by an instance
         * whose claim expired and was taken over): the vendor may have the entity, so look or update first.
         */
        INTERRUPTED
    }

    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;
    private final GroupCommit commits;

    /** An id map used by one instance alone (tests, tools): a random owner and the default lease. */
    public IdMapStore(DataSource dataSource) {
        this(dataSource, "ferry-" + UUID.randomUUID(), DEFAULT_CLAIM_LEASE);
    }

    /**
     * @param owner this instance (see {@link Store#instanceId}): distinct per instance sharing the store, the same
     *              across its restarts, so that a restarted instance takes its dead predecessor's fresh claims for its
     *              own, which is right: they are interrupted creates
     * @param lease how long a create claim of another instance stands: longer than that instance can take to get a
     *              create's answer, retries included
     */
    public IdMapStore(DataSource dataSource, String owner, Duration lease) {
        this(dataSource, owner, lease, Duration.ZERO);
    }

    /**
     * @param commitDelay how long the create claims of concurrent records wait to be committed together
     *                    (ferry.store.commit-delay, see {@link GroupCommit}); zero commits each group at once
     */
    public IdMapStore(DataSource dataSource, String owner, Duration lease, Duration commitDelay) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.lease = lease;
        this.commits = new GroupCommit(dataSource, commitDelay);
    }

    public String owner() {
        return owner;
    }

    public Optional<Mapping> find(String target, String externalId) {
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

    /** What the id map holds for several external ids of one target: their mappings, and which have a create intent. */
    public record Known(Map<String, Mapping> mappings, Set<String> intents) {
    }

    /**
     * The mappings and create intents of several external ids of one target, read together (for change detection
     * ahead of delivery: one chunk of records at a time).
     */
    public Known findAll(String target, Collection<String> externalIds) {
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

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    // Ids per query of selectAmong: far below H2's largest array and PostgreSQL's parameter count.
    private static final int IDS_PER_QUERY = 1_000;

    /**
     * Reads the rows of these (distinct) external ids of one target, {@code columns} of {@code ferry_id_map m} (the
     * first the external id), with one query per thousand ids. H2 gets the ids as one array joined with the id map:
     * its plan looks each up through the primary key. Measured on 100,000 ids, that costs half the CPU of a prepared
     * lookup per id (H2's overhead per statement was most of a lookup), and a row-value IN list is far slower there
     * (H2 checks it against every row it finds). PostgreSQL gets the row values, looked up through its primary key.
     */
    private void selectAmong(Connection c, String columns, String target, List<String> ids, RowReader reader)
            throws SQLException {
        boolean h2 = Store.isH2(c);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            String sql = h2
                    ? "SELECT " + columns + " FROM TABLE(id VARCHAR = ?) t"
                            + " INNER JOIN ferry_id_map m ON m.target = ? AND m.external_id = t.id"
                    : "SELECT " + columns + " FROM ferry_id_map m WHERE (m.target, m.external_id) IN ("
                            + String.join(",", Collections.nCopies(some.size(), "(?, ?)")) + ")";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (h2) {
                    s.setArray(1, c.createArrayOf("VARCHAR", some.toArray()));
                    s.setString(2, target);
                } else {
                    for (int i = 0; i < some.size(); i++) {
                        s.setString(2 * i + 1, target);
                        s.setString(2 * i + 2, some.get(i));
                    }
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /**
     * Claims the creates of several entities that the id map knew nothing of a moment ago (the new records of a
     * chunk, read with {@link #findAll}), in one transaction: one commit for them all instead of one per create. An id
     * is claimed when its row, holding only the claim, could be inserted. An id whose row is there by now (another
     * instance mapped or claimed it in between) is not claimed here: {@link #claimCreate} decides about it.
     *
     * <p>A claim taken ahead of its create must be kept fresh ({@link #renewClaim}) when the create may go out later
     * than half the lease.
     *
     * @return the ids claimed
     */
    public Set<String> claimAll(String target, Collection<String> externalIds) {
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

    /**
     * Renews this instance's claim on a create (its age starts again); false when the claim is no longer this
     * instance's (another instance took it over after the lease, or it was dropped).
     */
    public boolean renewClaim(String target, String externalId) {
        try {
            return commits.run(c -> renew(c, target, externalId));
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a create intent: " + e.getMessage(), e);
        }
    }

    /** How long another instance's create claim stands (ferry.store.create-claim-lease). */
    public Duration lease() {
        return lease;
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

    /** The same, with what can never change of the entity; null keeps the value already stored too. */
    public void save(String target, String externalId, String vendorId, String payloadHash, String pinned) {
        write(target, externalId, vendorId, payloadHash, pinned, false);
    }

    /**
     * The same as {@link #save(String, String, String, String, String)} for an entity just created, unless the row
     * names another vendor id already (another instance created the entity too): then the vendor has two entities for
     * the external id, the row is left as it is, this instance's intent is dropped and
     * {@link VendorIdConflictException} says so.
     */
    public void saveNew(String target, String externalId, String vendorId, String payloadHash, String pinned) {
        write(target, externalId, vendorId, payloadHash, pinned, true);
    }

    /**
     * Writes the entity's columns and drops this instance's create intent, in one statement as a rule: the row is
     * there (the claim inserted it, or an earlier delivery). Inserted when it is not; should another instance insert it
     * in between, the update goes again. A create whose row names another vendor id leaves the row as it
     * is, still drops the intent, and throws {@link VendorIdConflictException}.
     *
     * <p>The commit does not wait for the disk where the database allows it (see {@link Durability}): should a crash
     * lose it, the create intent is back, and the next attempt looks for the entity before it creates it.
     */
    private void write(String target, String externalId, String vendorId, String payloadHash, String pinned,
                       boolean created) {
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
                        dropIntent(c, target, externalId);
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
            if (!Inserts.UNIQUE_VIOLATION.equals(e.getSQLState())) {
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

    /**
     * Records that a create is about to be sent, before it is sent: if Ferry stops before the answer is recorded,
     * {@link #createInterrupted} tells the next attempt that the vendor may already have the entity. The same as
     * {@link #claimCreate}, whatever it found.
     *
     * @throws CreateInProgressException when another instance is creating the entity
     */
    public void intendCreate(String target, String externalId) {
        claimCreate(target, externalId);
    }

    /**
     * Takes the right to create the entity, in the database so that it holds across instances: writes the create
     * intent, owned by this instance, into the entity's row (inserted when there is none). When an intent is there
     * already, it is
     * <ul>
     *   <li>this instance's own (an earlier attempt stopped between create and answer): renewed, {@link Claim#INTERRUPTED};
     *   <li>another instance's, older than the lease (or from before owners were recorded): that instance stopped or
     *       gave up; taken over in one conditional update that only one instance can win, {@link Claim#INTERRUPTED};
     *   <li>another instance's, younger than the lease: that instance is creating it now, so
     *       {@link CreateInProgressException} (transient: the record is tried again later).
     * </ul>
     * Ages are measured with the database's clock, so the instances' clocks do not matter.
     */
    public Claim claimCreate(String target, String externalId) {
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
        return Inserts.unlessPresent(c, "INSERT INTO ferry_id_map (target, external_id, intent_owner, intent_at)"
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

    /** True when a create was sent for the entity and its answer never recorded. */
    public boolean createInterrupted(String target, String externalId) {
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

    /**
     * The vendor answered the create without creating anything: the intent no longer stands. Only this instance's own
     * intent is dropped; another instance's claim is left to it.
     */
    public void dropIntent(String target, String externalId) {
        try (Connection c = dataSource.getConnection()) {
            dropIntent(c, target, externalId);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write create intents: " + e.getMessage(), e);
        }
    }

    // A row that held only the intent goes; a known entity's row stays, without the intent.
    private void dropIntent(Connection c, String target, String externalId) throws SQLException {
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

    /**
     * Forgets the entity (the vendor said it does not know it). A create intent in its row stays: the row then holds
     * only that.
     */
    public void forget(String target, String externalId) {
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

    private static final String UPDATE = "UPDATE ferry_id_map SET vendor_id = COALESCE(?, vendor_id),"
            + " payload_hash = COALESCE(?, payload_hash), pinned = COALESCE(?, pinned), updated_at = ?,"
            // Drops this instance's intent (or one without owner); another instance's claim stays.
            + " intent_owner = CASE WHEN intent_owner = ? OR intent_owner IS NULL THEN NULL ELSE intent_owner END,"
            + " intent_at = CASE WHEN intent_owner = ? OR intent_owner IS NULL THEN NULL ELSE intent_at END"
            + " WHERE target = ? AND external_id = ?";

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
            s.setString(5, owner);
            s.setString(6, owner);
            s.setString(7, target);
            s.setString(8, externalId);
            if (guarded) {
                s.setString(9, vendorId);
            }
            return s.executeUpdate();
        }
    }
}
