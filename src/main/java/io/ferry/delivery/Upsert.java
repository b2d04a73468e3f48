package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.store.CreateInProgressException;
import io.ferry.store.IdMapStore;
import io.ferry.store.VendorIdConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    // A reader resolves the tree's deserializer once: ObjectMapper.readTree looked it up for every answer.
    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final String target;
    private final SyncMode mode;
    private final String modeKey;
    private final UpsertMapping mapping;
    private final UpsertRules rules;
    private final IdMapStore idMap;
    private final boolean forceResend;

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
        this.forceResend = forceResend;
        this.target = target;
        this.mode = mode;
        this.modeKey = modeKey;
        this.mapping = mapping;
        this.rules = rules;
        this.idMap = idMap;
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

    /** Where one record is: its current attempt and whether it already switched between create and update. */
    public static final class State {
        private final Record record;
        private boolean creating;
        // A dry run: the steps are computed but nothing is written to the store.
        private boolean preview;
        private boolean switched;
        // The id map was read for this record just before and knew nothing of it: no need to read it again.
        private boolean unknown;
        // This record holds the create intent (claim) of its entity: a create needs no new one.
        private boolean claimed;
        // When the claim was taken ahead of the record's first step (IdMapStore#claimAll), System.nanoTime() then;
        // else 0. Such a claim is renewed before its create when it is older than half the lease.
        private long claimedAheadAt;
        // What a create of this record would lack (empty: it can be created).
        private List<String> missing = List.of();
        private VendorRequest request;
        // While not null, the pending request is one of this lookup's.
        private UpsertLookup lookup;
        // While true, the pending request reads the entity before its update.
        private boolean reading;
        private String vendorId;
        // What the id map keeps of the entity for good, and what an update must carry besides the record.
        private Pinned pinned = Pinned.NONE;
        private boolean adopted;
        private JsonNode current;

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
        Record record = state.record;
        try {
            mapping.check(record);
        } catch (InvalidRecordException e) {
            releaseClaimTakenAhead(state);
            return Step.done(FailureClassifier.invalid(e));
        }
        state.missing = mode == SyncMode.UPDATE_ONLY ? List.of() : mapping.missingForCreate(record);
        if (!state.missing.isEmpty()) {
            // Nothing will be created: the claim taken ahead would only make the next attempt look first.
            releaseClaimTakenAhead(state);
        }
        Optional<IdMapStore.Mapping> known = state.unknown ? Optional.empty() : idMap.find(target, record.externalId());
        // A vendor that addresses entities by its own id needs that id: an entry without one does not count.
        if (known.isPresent() && (!mapping.needsVendorId() || known.get().vendorId() != null)) {
            return known(state, known.get(), "ALREADY_CREATED", "already created by Ferry");
        }
        boolean creatable = mode != SyncMode.UPDATE_ONLY && state.missing.isEmpty();
        if (mapping.needsVendorId()) {
            UpsertLookup lookup = mapping.lookup(record);
            if (lookup == null) {
                return Step.done(notLookedUp(state));
            }
            if (creatable && !state.preview) {
                // What the lookup does not find is created: the claim comes first, so no other instance looks too.
                claim(state);
            }
            state.lookup = lookup;
            state.request = lookup.first();
            return Step.send(state.request);
        }
        if (!creatable) {
            // Update-only, or a partial record: updated by its external id, which the vendor may know although
            // Ferry does not (created elsewhere under the same source). Create-only cannot update.
            return mode == SyncMode.CREATE_ONLY ? Step.done(cannotCreate(state.missing, modeKey + " is create-only", null))
                    : update(state);
        }
        // Create-only cannot look first: its create meets the entity as a duplicate, which it reports as unchanged.
        if (mode != SyncMode.UPSERT) {
            return create(state);
        }
        if (state.preview) {
            return idMap.createInterrupted(target, record.externalId()) ? update(state) : create(state);
        }
        if (claim(state) == IdMapStore.Claim.INTERRUPTED) {
            return update(state);
        }
        if (state.claimedAheadAt != 0) {
            // IdMapStore#claimAll read the id map again once the claim was taken.
            return create(state);
        }
        // Another instance may have created the entity between the id-map read above (or the chunk's read ahead of
        // delivery) and this claim: it records its answer and drops its claim in one transaction, so a read now that
        // the claim is ours sees it.
        Optional<IdMapStore.Mapping> created = idMap.find(target, record.externalId());
        if (created.isEmpty()) {
            return create(state);
        }
        Step next = known(state, created.get(), "ALREADY_CREATED", "already created by another instance");
        if (next.isDone()) {
            idMap.dropIntent(target, record.externalId());
        }
        return next;
    }

    // An entity the id map knows: rejected when the record would change what never changes, unchanged when it is the
    // same as last delivered, otherwise updated (or, in create-only mode, left alone).
    private Step known(State state, IdMapStore.Mapping known, String code, String what) {
        Pinned pinned = Pinned.decode(known.pinned());
        try {
            checkPinned(state.record, pinned);
        } catch (InvalidRecordException e) {
            return Step.done(FailureClassifier.invalid(e));
        }
        Outcome unchanged = sameAsDelivered(state.record, known);
        if (unchanged != null) {
            return Step.done(unchanged);
        }
        return existing(state, known.vendorId(), pinned, false, code, what);
    }

    /**
     * Change detection alone, for a record whose id-map entry was read ahead of delivery (DeliveryLanes, in one query
     * per chunk): the outcome {@link #start} would give without a call when the record is unchanged, else null (the
     * record then goes through {@link #start}).
     */
    public Outcome unchanged(Record record, IdMapStore.Mapping known) {
        if (known == null || (known.vendorId() == null && mapping.needsVendorId())) {
            return null;
        }
        try {
            mapping.check(record);
            if (!pinnedAsKept(record, known.pinned())) {
                return null;
            }
        } catch (InvalidRecordException e) {
            return null;
        }
        return sameAsDelivered(record, known);
    }

    // True when the record's pinned values agree with those kept: compared as text first (the same record again).
    private boolean pinnedAsKept(Record record, String kept) {
        Pinned own = mapping.pinned(record);
        String text = own.encode();
        if (text == null || text.equals(kept)) {
            return true;
        }
        try {
            checkPinned(record, own, Pinned.decode(kept));
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    private void checkPinned(Record record, Pinned kept) {
        checkPinned(record, mapping.pinned(record), kept);
    }

    // Rejects a record that gives another value than the entity keeps; what either side does not have passes.
    private void checkPinned(Record record, Pinned own, Pinned kept) {
        for (var value : own.values().entrySet()) {
            String keptValue = kept.get(value.getKey());
            if (keptValue != null && !keptValue.equals(value.getValue())) {
                throw mapping.pinnedChange(record, value.getKey(), keptValue, value.getValue());
            }
        }
    }

    // Change detection: the same update as the one last delivered needs no call.
    private Outcome sameAsDelivered(Record record, IdMapStore.Mapping known) {
        if (forceResend || mode == SyncMode.CREATE_ONLY || known.payloadHash() == null
                || !known.payloadHash().equals(payloadHash(record))) {
            return null;
        }
        return new Outcome(Status.UNCHANGED, null, UNCHANGED, "same payload as last delivered; not sent", null,
                known.vendorId());
    }

    /**
     * Dry run: what {@link #start} would lead to, without any call and without touching the id map. A vendor that
     * looks an entity up first would create it unless the lookup finds it.
     */
    public Outcome preview(State state) {
        state.preview = true;
        Step step = start(state);
        if (step.outcome() != null) {
            return step.outcome();
        }
        if (state.lookup != null) {
            if (!state.missing.isEmpty()) {
                VendorRequest update = mapping.updateRequest(state.record,
                        new UpsertMapping.Entity("{id}", Pinned.NONE, null, false));
                return Outcome.would(Status.WOULD_UPDATE, update.method(), update.path()
                        + " (if a lookup finds it; otherwise rejected: " + CANNOT_CREATE + ")", update.body());
            }
            VendorRequest create = mapping.createRequest(state.record);
            return Outcome.would(Status.WOULD_CREATE, create.method(), create.path() + " (unless a lookup finds it)",
                    create.body());
        }
        return Outcome.would(state.creating ? Status.WOULD_CREATE : Status.WOULD_UPDATE, state.request.method(),
                state.request.path(), state.request.body());
    }

    /** The step after the vendor answered {@code status} with {@code body} (anything but a 401, see VendorDelivery). */
    public Step onResponse(State state, int status, String body) {
        if (state.lookup != null) {
            return onLookup(state, status, body);
        }
        if (state.reading) {
            return onRead(state, status, body);
        }
        String externalId = state.record.externalId();
        if (status >= 200 && status < 300) {
            JsonNode answer = parse(body);
            String vendorId = rules.vendorId(answer);
            if (vendorId == null) {
                vendorId = state.vendorId;
            }
            String hash = payloadHash(state.record);
            String pinned = state.pinned.orElse(mapping.pinned(state.record)).overriddenBy(rules.pinned(answer)).encode();
            if (state.creating) {
                try {
                    idMap.saveNew(target, externalId, vendorId, hash, pinned);
                } catch (VendorIdConflictException e) {
                    return Step.done(Outcome.failed(status, DUPLICATE_ENTITY, e.getMessage()));
                }
            } else {
                idMap.save(target, externalId, vendorId, hash, pinned);
            }
            return Step.done(Outcome.delivered(state.creating ? Status.CREATED : Status.UPDATED, status, vendorId));
        }
        VendorError error = rules.errors().parse(status, body);
        if (state.creating && !rules.isDuplicate(error)) {
            // The vendor answered the create without creating anything.
            idMap.dropIntent(target, externalId);
        }
        String awaiting = rules.awaiting(error, state.record);
        if (awaiting != null) {
            return Step.done(FailureClassifier.outcome(error, awaiting));
        }
        if (rules.rejects(error)) {
            return Step.done(rejected(error));
        }
        if (state.creating && rules.isDuplicate(error)) {
            idMap.save(target, externalId, null, null);
            state.claimed = false;
            if (mode == SyncMode.CREATE_ONLY) {
                return Step.done(new Outcome(Status.UNCHANGED, status, error.code(), "already exists; not updated"
                        + " because " + modeKey + " is create-only (" + error.message() + ")", null, null));
            }
            return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : switchTo(state, false);
        }
        if (!state.creating && rules.isNotFound(error)) {
            return notFound(state, error);
        }
        return Step.done(FailureClassifier.outcome(error, null));
    }

    // The vendor does not have the entity an update was for: forgotten, then created when the record can be.
    private Step notFound(State state, VendorError error) {
        idMap.forget(target, state.record.externalId());
        if (mode == SyncMode.UPDATE_ONLY) {
            return Step.done(Outcome.rejected(error.code(), "does not exist; not created because " + modeKey
                    + " is update-only (" + error.message() + ")"));
        }
        if (!state.missing.isEmpty()) {
            return Step.done(cannotCreate(state.missing, error.code() + ": " + error.message(), error.status()));
        }
        return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : switchTo(state, true);
    }

    // The answer to the read before an update: the update itself, with what the vendor holds.
    private Step onRead(State state, int status, String body) {
        state.reading = false;
        if (status >= 200 && status < 300) {
            state.current = parse(body);
            return update(state);
        }
        VendorError error = rules.errors().parse(status, body);
        if (rules.isNotFound(error)) {
            return notFound(state, error);
        }
        return Step.done(rules.rejects(error) ? rejected(error) : FailureClassifier.outcome(error, null));
    }

    // An answer to a lookup request: the next lookup request, or the update of the entity found, or a create.
    private Step onLookup(State state, int status, String body) {
        if (status < 200 || status >= 300) {
            VendorError error = rules.errors().parse(status, body);
            return Step.done(rules.rejects(error) ? rejected(error) : FailureClassifier.outcome(error, null));
        }
        UpsertLookup.Result result = state.lookup.read(parse(body));
        if (result instanceof UpsertLookup.Next next) {
            state.request = next.request();
            return Step.send(state.request);
        }
        state.lookup = null;
        if (result instanceof UpsertLookup.Ambiguous ambiguous) {
            return Step.done(Outcome.rejected(AMBIGUOUS_MATCH, ambiguous.message()));
        }
        if (result instanceof UpsertLookup.Found found) {
            // The vendor confirmed the entity: remembered at once, whatever the update then answers.
            idMap.save(target, state.record.externalId(), found.vendorId(), null, found.pinned().encode());
            state.claimed = false;
            try {
                checkPinned(state.record, found.pinned());
            } catch (InvalidRecordException e) {
                return Step.done(FailureClassifier.invalid(e));
            }
            return existing(state, found.vendorId(), found.pinned(), found.adopted(), "ALREADY_EXISTS",
                    "already exists (found by lookup)");
        }
        if (mode == SyncMode.UPDATE_ONLY) {
            return Step.done(Outcome.rejected(NOT_FOUND, "does not exist; not created because " + modeKey
                    + " is update-only"));
        }
        if (!state.missing.isEmpty()) {
            return Step.done(cannotCreate(state.missing, "a lookup did not find it", null));
        }
        return create(state);
    }

    // An entity the vendor has (the record agrees with what never changes of it): unchanged in create-only mode,
    // otherwise updated.
    private Step existing(State state, String vendorId, Pinned pinned, boolean adopted, String code, String what) {
        if (mode == SyncMode.CREATE_ONLY) {
            return Step.done(new Outcome(Status.UNCHANGED, null, code, what + "; not updated because " + modeKey
                    + " is create-only", null, vendorId));
        }
        state.vendorId = vendorId;
        state.pinned = pinned;
        state.adopted = adopted;
        return update(state);
    }

    private static Outcome rejected(VendorError error) {
        return new Outcome(Status.REJECTED, error.status(), error.code(), error.message(), null, null);
    }

    // A record the id map does not know and that lacks what a lookup needs (so it lacks what a create needs too).
    private Outcome notLookedUp(State state) {
        String why = "not in Ferry's id map, and without " + String.join(" and ", mapping.lookupFields())
                + " it cannot be looked up";
        return mode == SyncMode.UPDATE_ONLY ? Outcome.rejected(NOT_FOUND, why) : cannotCreate(state.missing, why, null);
    }

    // Rejected, never failed or parked: the record lacks what a create needs, and the vendor (status, when it said so)
    // does not have the entity.
    private static Outcome cannotCreate(List<String> missing, String why, Integer status) {
        return new Outcome(Status.REJECTED, status, CANNOT_CREATE, "cannot be created: the record lacks "
                + String.join(", ", missing) + ", which a create needs (" + why + ")", null, null);
    }

    private Step switchTo(State state, boolean create) {
        // The create may throw (another instance's claim) before anything changed: the step is then redone as it was.
        Step next = create ? create(state) : update(state);
        state.switched = true;
        return next;
    }

    /** The vendor refused the credentials (VendorDelivery decides that): a create was not carried out. */
    public void refused(State state) {
        if (state.creating) {
            idMap.dropIntent(target, state.record.externalId());
        }
    }

    private Step create(State state) {
        VendorRequest request = mapping.createRequest(state.record);
        if (!state.preview && !state.claimed) {
            claim(state);
        } else if (!state.preview) {
            keepClaimedAhead(state);
        }
        state.creating = true;
        state.vendorId = null;
        state.request = request;
        return Step.send(state.request);
    }

    // Throws CreateInProgressException when another instance is creating the entity.
    private IdMapStore.Claim claim(State state) {
        if (state.claimed) {
            keepClaimedAhead(state);
            return IdMapStore.Claim.NEW;
        }
        IdMapStore.Claim claim = idMap.claimCreate(target, state.record.externalId());
        state.claimed = true;
        return claim;
    }

    // A record claimed ahead that will not be created gives its claim back.
    private void releaseClaimTakenAhead(State state) {
        if (state.claimedAheadAt != 0) {
            idMap.dropIntent(target, state.record.externalId());
            state.claimed = false;
            state.claimedAheadAt = 0;
        }
    }

    // A claim taken ahead may have waited in a delivery lane: older than half the lease, it is renewed before a
    // request goes out on it. Lost meanwhile (taken over by another instance), the record starts again.
    private void keepClaimedAhead(State state) {
        if (state.claimedAheadAt == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - state.claimedAheadAt < idMap.lease().toNanos() / 2) {
            return;
        }
        if (idMap.renewClaim(target, state.record.externalId())) {
            state.claimedAheadAt = now;
            return;
        }
        state.claimed = false;
        state.claimedAheadAt = 0;
        throw new CreateInProgressException(target, state.record.externalId(), "another instance", Duration.ZERO);
    }

    private Step update(State state) {
        state.creating = false;
        try {
            if (state.current == null && !state.adopted && mapping.changesNothing(mapping.updateBody(state.record))) {
                return Step.done(Outcome.rejected(NOTHING_TO_UPDATE, "the record has no field to update besides its"
                        + " id" + (state.missing.isEmpty() ? "" : ", and lacks " + String.join(", ", state.missing)
                        + ", which a create needs")));
            }
            if (state.current == null && !state.preview) {
                VendorRequest read = mapping.readBeforeUpdate(state.record, entity(state));
                if (read != null) {
                    state.reading = true;
                    state.request = read;
                    return Step.send(read);
                }
            }
            state.request = mapping.updateRequest(state.record, entity(state));
        } catch (InvalidRecordException e) {
            return Step.done(FailureClassifier.invalid(e));
        }
        return Step.send(state.request);
    }

    private static UpsertMapping.Entity entity(State state) {
        return new UpsertMapping.Entity(state.vendorId, state.pinned, state.current, state.adopted);
    }

    /**
     * The record's change-detection hash: SHA-256 of what an update of it sends ({@link UpsertMapping#updateBody},
     * compact JSON, field order fixed by the mapper), whichever request delivers it. The same record mapped the same
     * way gives the same hash; a changed mapping or configuration gives another, so it is sent again. Null when no
     * update can be made of the record.
     */
    String payloadHash(Record record) {
        try {
            return VendorRequest.bodyHash(mapping.updateBody(record));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
