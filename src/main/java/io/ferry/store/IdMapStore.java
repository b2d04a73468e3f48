package io.ferry.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Which external ids a vendor already knows, per target, and the vendor's own id for them; and which creates were
 * sent without their answer being recorded (a create intent), so that a record interrupted by a crash is looked for
 * before it is created again.
 *
 * <p>Both live in one row per (target, external id) of {@code ferry_id_map}: the entity's columns, with
 * {@code updated_at} null while the vendor's entity is not known yet, and the intent's columns ({@code intent_owner},
 * {@code intent_at}), null when no create is in flight. A created record so costs two statements: the insert of its
 * row with the claim, and the update that records the answer and drops the claim in one.
 *
 * <p>Several instances may share the store. A create intent is then also a claim: it names the instance that wrote it
 * (its owner) and when (the database's clock). See {@link #claimCreate}.
 *
 * <p>This class is what callers use; the work is done by {@link IdMap} (the entities), {@link CreateClaims} (the
 * claims) and {@link IdMapDialect} (the SQL that differs between H2 and PostgreSQL). The first two share one
 * {@link GroupCommit}, so that claims and answers of concurrent records are committed together.
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

    /** What the id map holds for several external ids of one target: their mappings, and which have a create intent. */
    public record Known(Map<String, Mapping> mappings, Set<String> intents) {
    }

    private final CreateClaims claims;
    private final IdMap map;

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
        GroupCommit commits = new GroupCommit(dataSource, commitDelay);
        this.claims = new CreateClaims(dataSource, owner, lease, commits);
        this.map = new IdMap(dataSource, commits, claims);
    }

    public String owner() {
        return claims.owner();
    }

    public Optional<Mapping> find(String target, String externalId) {
        return map.find(target, externalId);
    }

    /**
     * The mappings and create intents of several external ids of one target, read together (for change detection
     * ahead of delivery: one chunk of records at a time), with one query per thousand ids.
     */
    public Known findAll(String target, Collection<String> externalIds) {
        return map.findAll(target, externalIds);
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
        return claims.claimAll(target, externalIds);
    }

    /**
     * Renews this instance's claim on a create (its age starts again); false when the claim is no longer this
     * instance's (another instance took it over after the lease, or it was dropped).
     */
    public boolean renewClaim(String target, String externalId) {
        return claims.renewClaim(target, externalId);
    }

    /** How long another instance's create claim stands (ferry.store.create-claim-lease). */
    public Duration lease() {
        return claims.lease();
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
        map.write(target, externalId, vendorId, payloadHash, pinned, false);
    }

    /**
     * The same as {@link #save(String, String, String, String, String)} for an entity just created, unless the row
     * names another vendor id already (another instance created the entity too): then the vendor has two entities for
     * the external id, the row is left as it is, this instance's intent is dropped and
     * {@link VendorIdConflictException} says so.
     */
    public void saveNew(String target, String externalId, String vendorId, String payloadHash, String pinned) {
        map.write(target, externalId, vendorId, payloadHash, pinned, true);
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
        return claims.claimCreate(target, externalId);
    }

    /** True when a create was sent for the entity and its answer never recorded. */
    public boolean createInterrupted(String target, String externalId) {
        return claims.createInterrupted(target, externalId);
    }

    /**
     * The vendor answered the create without creating anything: the intent no longer stands. Only this instance's own
     * intent is dropped; another instance's claim is left to it.
     */
    public void dropIntent(String target, String externalId) {
        claims.dropIntent(target, externalId);
    }

    /**
     * Forgets the entity (the vendor said it does not know it). A create intent in its row stays: the row then holds
     * only that.
     */
    public void forget(String target, String externalId) {
        map.forget(target, externalId);
    }
}
