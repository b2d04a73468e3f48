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
 * before it is created again. Plain SQL that runs the same on H2 and PostgreSQL: an update, then an insert when nothing
 * was updated, then the update again when another instance inserted the row in between.
 *
 * <p>Several instances may share the store. A create intent is then also a claim: it names the instance that wrote it
 * (its owner) and when (the database's clock). See {@link #claimCreate}.
 */
public final class IdMapStore {

    /**
     * A known entity: the vendor's id (null when not known yet), the hash of the last body delivered, and what the
     * vendor says the entity is when that can never change (a ComplyCube client's type), else null.
     */
    public record Mapping(String vendorId, String payloadHash, String kind) {

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
    private volatile Boolean inProcess;

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
            selectAmong(c, "SELECT external_id, vendor_id, payload_hash, entity_kind FROM ferry_id_map", target, ids,
                    rs -> mappings.put(rs.getString(1), new Mapping(rs.getString(2), rs.getString(3), rs.getString(4))));
            if (!fewIntents(c, target, ids, intents)) {
                selectAmong(c, "SELECT external_id FROM ferry_create_intent", target, ids,
                        rs -> intents.add(rs.getString(1)));
            }
            return new Known(mappings, intents);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read the id map: " + e.getMessage(), e);
        }
    }

    /**
     * Create intents are few (only creates in flight, or left by a crash): while a target has no more than a chunk's
     * worth, reading them all is one short range of the primary key instead of a lookup per id. False when there are
     * more (the caller looks each id up).
     */
    private static boolean fewIntents(Connection c, String target, List<String> ids, Set<String> intents)
            throws SQLException {
        int limit = Math.max(1000, ids.size());
        Set<String> all = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT external_id FROM ferry_create_intent WHERE target = ? FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, target);
            s.setInt(2, limit + 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
            }
        }
        if (all.size() > limit) {
            return false;
        }
        for (String id : ids) {
            if (all.contains(id)) {
                intents.add(id);
            }
        }
        return true;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs the select (its first column the external id) for the rows of these external ids of one target. An H2
     * database in this process is asked once per id with one prepared statement: each is a primary-key lookup, with no
     * round trip to pay, and measured five times cheaper than one query for them all (whose row-value IN list H2 checks
     * against every row it finds). A database across the network gets one query: row values, which H2 looks up pair by
     * pair and PostgreSQL through its primary key.
     */
    private void selectAmong(Connection c, String select, String target, List<String> ids, RowReader reader)
            throws SQLException {
        if (inProcess(c)) {
            try (PreparedStatement s = c.prepareStatement(select + " WHERE target = ? AND external_id = ?")) {
                s.setString(1, target);
                for (String id : ids) {
                    s.setString(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            reader.read(rs);
                        }
                    }
                }
            }
            return;
        }
        try (PreparedStatement s = c.prepareStatement(select + " WHERE (target, external_id) IN ("
                + String.join(",", Collections.nCopies(ids.size(), "(?, ?)")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                s.setString(2 * i + 1, target);
                s.setString(2 * i + 2, ids.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    // An embedded H2 database (file or memory), not one reached over TCP.
    private boolean inProcess(Connection c) throws SQLException {
        Boolean known = inProcess;
        if (known == null) {
            String url = c.getMetaData().getURL();
            known = url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:")
                    && !url.startsWith("jdbc:h2:ssl:");
            inProcess = known;
        }
        return known;
    }

    /**
     * Claims the creates of several entities that the id map knew nothing of a moment ago (the new records of a
     * chunk, read with {@link #findAll}), in one transaction: one commit for them all instead of one per create. An id
     * is claimed when its intent could be inserted and the id map still has no row for it; when another instance
     * mapped it in between, the intent just inserted is dropped again in the same transaction. An id with an intent
     * already is not claimed here: {@link #claimCreate} decides about it.
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
                if (!claimed.isEmpty()) {
                    Set<String> mapped = new HashSet<>();
                    selectAmong(c, "SELECT external_id FROM ferry_id_map", target, List.copyOf(claimed),
                            rs -> mapped.add(rs.getString(1)));
                    for (String id : mapped) {
                        claimed.remove(id);
                        dropIntent(c, target, id);
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

    /** The same, with the entity's kind; a null kind keeps the value already stored too. */
    public void save(String target, String externalId, String vendorId, String payloadHash, String kind) {
        write(target, externalId, vendorId, payloadHash, kind, false);
    }

    /**
     * The same as {@link #save(String, String, String, String, String)} for an entity just created: the insert goes
     * first, saving the update that would find nothing; should another instance have inserted it in between, the
     * update follows, unless that row names another vendor id: then the vendor has two entities for the external id,
     * the row is left as it is, this instance's intent is dropped and {@link VendorIdConflictException} says so.
     */
    public void saveNew(String target, String externalId, String vendorId, String payloadHash, String kind) {
        write(target, externalId, vendorId, payloadHash, kind, true);
    }

    /**
     * Writes the entity's row and drops its create intent, in one transaction. A conflict leaves the row as it is and
     * still drops the intent.
     *
     * <p>The commit does not wait for the disk where the database allows it (see {@link Durability}): should a crash
     * lose it, the create intent is back, and the next attempt looks for the entity before it creates it.
     */
    private void write(String target, String externalId, String vendorId, String payloadHash, String kind,
                       boolean insertFirst) {
        VendorIdConflictException conflict;
        try {
            conflict = commits.runRecoverable(c -> {
                Savepoint beforeWrite = c.setSavepoint();
                try {
                    if (insertFirst || update(c, target, externalId, vendorId, payloadHash, kind) == 0) {
                        insert(c, target, externalId, vendorId, payloadHash, kind, insertFirst);
                    }
                } catch (VendorIdConflictException e) {
                    c.rollback(beforeWrite);
                    dropIntent(c, target, externalId);
                    return e;
                }
                dropIntent(c, target, externalId);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write the id map: " + e.getMessage(), e);
        }
        if (conflict != null) {
            throw conflict;
        }
    }

    private static void insert(Connection c, String target, String externalId, String vendorId, String payloadHash,
                               String kind, boolean created) throws SQLException {
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
            if (!Inserts.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // Another instance inserted it in between.
            c.rollback(beforeInsert);
            if (created) {
                String mapped = lockedVendorId(c, target, externalId);
                if (mapped != null && vendorId != null && !mapped.equals(vendorId)) {
                    throw new VendorIdConflictException(target, externalId, mapped, vendorId);
                }
            }
            update(c, target, externalId, vendorId, payloadHash, kind);
        }
    }

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
     * Takes the right to create the entity, in the database so that it holds across instances: inserts the create
     * intent, owned by this instance. When an intent is there already, it is
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

    private boolean insertIntent(Connection c, String target, String externalId) throws SQLException {
        return Inserts.unlessPresent(c, "INSERT INTO ferry_create_intent (target, external_id, created_at, owner,"
                + " claimed_at) VALUES (?, ?, LOCALTIMESTAMP, ?, LOCALTIMESTAMP)", target, externalId, owner);
    }

    // The intent that stands: renewed when ours, taken over when stale, else CreateInProgressException; null when the
    // row changed in between (dropped, or taken by another instance) and the caller should look again.
    private Claim claimExisting(Connection c, String target, String externalId) throws SQLException {
        String holder;
        Timestamp claimedAt;
        Timestamp now;
        try (PreparedStatement s = c.prepareStatement("SELECT owner, claimed_at, LOCALTIMESTAMP FROM ferry_create_intent"
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
        if (owner.equals(holder)) {
            return renew(c, target, externalId) ? Claim.INTERRUPTED : null;
        }
        Duration age = claimedAt == null ? lease : Duration.between(claimedAt.toInstant(), now.toInstant());
        if (age.compareTo(lease) < 0) {
            throw new CreateInProgressException(target, externalId, holder, lease.minus(age));
        }
        // Stale: only one instance can move claimed_at past the limit, so only one takes it over.
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_create_intent SET owner = ?,"
                + " claimed_at = LOCALTIMESTAMP WHERE target = ? AND external_id = ?"
                + " AND (claimed_at IS NULL OR claimed_at <= ?)")) {
            s.setString(1, owner);
            s.setString(2, target);
            s.setString(3, externalId);
            s.setTimestamp(4, Timestamp.from(now.toInstant().minus(lease)));
            return s.executeUpdate() == 1 ? Claim.INTERRUPTED : null;
        }
    }

    private boolean renew(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ferry_create_intent SET claimed_at = LOCALTIMESTAMP"
                + " WHERE target = ? AND external_id = ? AND owner = ?")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, owner);
            return s.executeUpdate() == 1;
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

    private void dropIntent(Connection c, String target, String externalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM ferry_create_intent WHERE target = ? AND external_id = ?"
                + " AND (owner = ? OR owner IS NULL)")) {
            s.setString(1, target);
            s.setString(2, externalId);
            s.setString(3, owner);
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
