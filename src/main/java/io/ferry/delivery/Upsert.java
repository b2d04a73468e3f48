package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;
import java.util.List;

/**
 * The upsert state machine of one target, vendor-neutral: create when the id map does not know the external id,
 * update when it does; a "duplicate" answer to a create switches to an update and a "not found" answer to an update
 * switches to a create, at most once per record; the sync mode forbids one of the two. The id map is written in the
 * step that decides the outcome.
 *
 * <p>Updates are partial ({@link UpsertMapping}): a record that lacks what a create needs is still delivered as an
 * update, and only when the vendor does not have the entity does it end {@value #CANNOT_CREATE} (rejected, naming the
 * missing fields; never failed or parked). What can never change of an entity ({@link Pinned}: COR's source, a
 * contract's client, ComplyCube's type) is kept in the id map and compared before each update.
 *
 * <p>For a vendor that addresses entities by its own id ({@link UpsertMapping#needsVendorId}), the id map must hold
 * that id; when it does not, the lookup's requests go first and their answer decides: update the entity found, or
 * create one. An update that needs what the vendor holds reads the entity first
 * ({@link UpsertMapping#readBeforeUpdate}).
 *
 * <p>Change detection: the id map keeps the hash of what an update of the record sends
 * ({@link UpsertMapping#updateBody}), whichever request delivered it, so the same record again ends
 * {@value #UNCHANGED} without a call, a partial one as well as a full one.
 *
 * <p>A create is announced in the id map (a create intent) before it is sent, and the intent is dropped with the
 * answer. An intent still there when a record comes (again) means Ferry stopped between sending a create and recording
 * its answer, so the vendor may have the entity: such a record is updated first, and created only when the vendor does
 * not know it. A crash therefore never makes Ferry send a second create for an entity it already created.
 *
 * <p>With several instances on one store the intent is also a claim ({@link IdMapStore#claimCreate}), taken before the
 * first request of a record the id map does not know (before a lookup too, as a lookup followed by a create is a
 * create): an instance that meets another instance's fresh claim gets a transient
 * {@link io.ferry.store.CreateInProgressException} and tries again later, so two instances never create the same
 * external id at once. The claim is taken before the state changes, so a redelivered step starts from the same state.
 * A record that cannot be created takes no claim.
 *
 * <p>This class holds a record's {@link State} and hands each step to the class that does it: {@link UpsertDecision}
 * (what to send given the id map), {@link UpsertAnswers} (what an answer means), {@link PinnedCheck},
 * {@link UpdateChangeDetection} and {@link UpsertClaims}.
 */
public final class Upsert {

    /** Outcome code of a lookup that found several candidates (creating would add one more). */
    public static final String AMBIGUOUS_MATCH = "AMBIGUOUS_MATCH";
    /** Outcome code of an update-only record whose entity the lookup did not find. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** Outcome code of a record whose payload equals the one last delivered for its external id (no call made). */
    public static final String UNCHANGED = "UNCHANGED";
    /** Outcome code of a create whose entity another instance had created too: the vendor has two. */
    public static final String DUPLICATE_ENTITY = "DUPLICATE_ENTITY";
    /** Outcome code of a partial record whose entity the vendor does not have: it lacks what a create needs. */
    public static final String CANNOT_CREATE = "CANNOT_CREATE";
    /** Outcome code of a record that has no field besides its id: there is nothing to update (no call made). */
    public static final String NOTHING_TO_UPDATE = "NOTHING_TO_UPDATE";

    private final String target;
    private final SyncMode mode;
    private final UpsertRules rules;
    private final UpsertClaims claims;
    private final UpdateChangeDetection changes;
    private final UpsertDecision decision;
    private final UpsertAnswers answers;

    /**
     * @param modeKey the property that sets the mode, named in outcome messages (cor.clients.sync-mode)
     */
    public Upsert(String target, SyncMode mode, String modeKey, UpsertMapping mapping, UpsertRules rules,
                  IdMapStore idMap) {
        this(target, mode, modeKey, mapping, rules, idMap, false);
    }

    /**
     * @param forceResend when true, change detection is off: a record identical to the one last delivered is sent
     *                    again (ferry.force-resend, --force)
     */
    public Upsert(String target, SyncMode mode, String modeKey, UpsertMapping mapping, UpsertRules rules,
                  IdMapStore idMap, boolean forceResend) {
        this.target = target;
        this.mode = mode;
        this.rules = rules;
        this.claims = new UpsertClaims(target, idMap);
        PinnedCheck pinned = new PinnedCheck(mapping);
        this.changes = new UpdateChangeDetection(mapping, mode, forceResend, pinned);
        this.decision = new UpsertDecision(target, mode, modeKey, mapping, idMap, claims, pinned, changes);
        this.answers = new UpsertAnswers(target, mode, modeKey, mapping, rules, idMap, claims, pinned, changes,
                decision);
    }

    /** What to do next: send {@code request}, or stop with {@code outcome}. */
    public record Step(VendorRequest request, Outcome outcome) {

        static Step send(VendorRequest request) {
            return new Step(request, null);
        }

        static Step done(Outcome outcome) {
            return new Step(null, outcome);
        }

        public boolean isDone() {
            return outcome != null;
        }
    }

    /**
     * Where one record is: its current attempt and whether it already switched between create and update. Read and
     * written by the classes of the steps ({@link UpsertDecision}, {@link UpsertAnswers}, {@link UpsertClaims}).
     */
    public static final class State {
        final Record record;
        boolean creating;
        // A dry run: the steps are computed but nothing is written to the store.
        boolean preview;
        boolean switched;
        // The id map was read for this record just before and knew nothing of it: no need to read it again.
        boolean unknown;
        // This record holds the create intent (claim) of its entity: a create needs no new one.
        boolean claimed;
        // When the claim was taken ahead of the record's first step (IdMapStore#claimAll), System.nanoTime() then;
        // else 0. Such a claim is renewed before its create when it is older than half the lease.
        long claimedAheadAt;
        // What a create of this record would lack (empty: it can be created).
        List<String> missing = List.of();
        VendorRequest request;
        // While not null, the pending request is one of this lookup's.
        UpsertLookup lookup;
        // While true, the pending request reads the entity before its update.
        boolean reading;
        String vendorId;
        // What the id map keeps of the entity for good, and what an update must carry besides the record.
        Pinned pinned = Pinned.NONE;
        boolean adopted;
        JsonNode current;

        State(Record record) {
            this.record = record;
        }

        public Record record() {
            return record;
        }

        public boolean creating() {
            return creating;
        }

        public VendorRequest request() {
            return request;
        }
    }

    public String target() {
        return target;
    }

    public UpsertRules rules() {
        return rules;
    }

    public State newState(Record record) {
        return new State(record);
    }

    /** @param unknown the id map was just read and has neither an entry nor a create intent for the record */
    public State newState(Record record, boolean unknown) {
        State state = new State(record);
        state.unknown = unknown;
        return state;
    }

    /**
     * A record the id map did not know and whose create this instance claimed ahead, with the records of its chunk
     * ({@link IdMapStore#claimAll}).
     *
     * @param claimedAt System.nanoTime() when the claim was taken
     */
    public State newClaimedState(Record record, long claimedAt) {
        State state = newState(record, true);
        state.claimed = true;
        state.claimedAheadAt = claimedAt;
        return state;
    }

    /** True when a record that the id map does not know may be created: its claim may be taken ahead. */
    public boolean mayCreate() {
        return mode != SyncMode.UPDATE_ONLY;
    }

    /** The first step: rejected by validation, unchanged, or the first request. */
    public Step start(State state) {
        return decision.start(state);
    }

    /**
     * Change detection alone, for a record whose id-map entry was read ahead of delivery (DeliveryLanes, in one query
     * per chunk): the outcome {@link #start} would give without a call when the record is unchanged, else null (the
     * record then goes through {@link #start}).
     */
    public Outcome unchanged(Record record, IdMapStore.Mapping known) {
        return changes.unchanged(record, known);
    }

    /**
     * Dry run: what {@link #start} would lead to, without any call and without touching the id map. A vendor that
     * looks an entity up first would create it unless the lookup finds it.
     */
    public Outcome preview(State state) {
        return decision.preview(state);
    }

    /** The step after the vendor answered {@code status} with {@code body} (anything but a 401, see VendorDelivery). */
    public Step onResponse(State state, int status, String body) {
        return answers.onResponse(state, status, body);
    }

    /** The vendor refused the credentials (VendorDelivery decides that): a create was not carried out. */
    public void refused(State state) {
        if (state.creating) {
            claims.drop(state);
        }
    }
}
