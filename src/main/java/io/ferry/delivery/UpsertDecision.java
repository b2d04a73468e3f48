package io.ferry.delivery;

import io.ferry.delivery.Upsert.State;
import io.ferry.delivery.Upsert.Step;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;
import java.util.List;
import java.util.Optional;

/**
 * What to send for a record given what the id map holds of it: rejected, unchanged, a lookup, a create or an update
 * (with the read before it), as the sync mode allows. {@link UpsertAnswers} comes back here when an answer turns a
 * create into an update or the other way round.
 */
final class UpsertDecision {

    private final String target;
    private final SyncMode mode;
    private final String modeKey;
    private final UpsertMapping mapping;
    private final IdMapStore idMap;
    private final UpsertClaims claims;
    private final PinnedCheck pinned;
    private final UpdateChangeDetection changes;

    UpsertDecision(String target, SyncMode mode, String modeKey, UpsertMapping mapping, IdMapStore idMap,
                   UpsertClaims claims, PinnedCheck pinned, UpdateChangeDetection changes) {
        this.target = target;
        this.mode = mode;
        this.modeKey = modeKey;
        this.mapping = mapping;
        this.idMap = idMap;
        this.claims = claims;
        this.pinned = pinned;
        this.changes = changes;
    }

    /** See {@link Upsert#start}. */
    Step start(State state) {
        Record record = state.record;
        try {
            mapping.check(record);
        } catch (InvalidRecordException e) {
            claims.releaseClaimTakenAhead(state);
            return Step.done(FailureClassifier.invalid(e));
        }
        state.missing = mode == SyncMode.UPDATE_ONLY ? List.of() : mapping.missingForCreate(record);
        if (!state.missing.isEmpty()) {
            // Nothing will be created: the claim taken ahead would only make the next attempt look first.
            claims.releaseClaimTakenAhead(state);
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
                claims.claim(state);
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
        if (claims.claim(state) == IdMapStore.Claim.INTERRUPTED) {
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
            claims.drop(state);
        }
        return next;
    }

    // An entity the id map knows: rejected when the record would change what never changes, unchanged when it is the
    // same as last delivered, otherwise updated (or, in create-only mode, left alone).
    private Step known(State state, IdMapStore.Mapping known, String code, String what) {
        Pinned kept = Pinned.decode(known.pinned());
        try {
            pinned.check(state.record, kept);
        } catch (InvalidRecordException e) {
            return Step.done(FailureClassifier.invalid(e));
        }
        Outcome unchanged = changes.sameAsDelivered(state.record, known);
        if (unchanged != null) {
            return Step.done(unchanged);
        }
        return existing(state, known.vendorId(), kept, false, code, what);
    }

    /** See {@link Upsert#preview}. */
    Outcome preview(State state) {
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
                        + " (if a lookup finds it; otherwise rejected: " + Upsert.CANNOT_CREATE + ")", update.body());
            }
            VendorRequest create = mapping.createRequest(state.record);
            return Outcome.would(Status.WOULD_CREATE, create.method(), create.path() + " (unless a lookup finds it)",
                    create.body());
        }
        return Outcome.would(state.creating ? Status.WOULD_CREATE : Status.WOULD_UPDATE, state.request.method(),
                state.request.path(), state.request.body());
    }

    /**
     * An entity the vendor has (the record agrees with what never changes of it): unchanged in create-only mode,
     * otherwise updated.
     */
    Step existing(State state, String vendorId, Pinned kept, boolean adopted, String code, String what) {
        if (mode == SyncMode.CREATE_ONLY) {
            return Step.done(new Outcome(Status.UNCHANGED, null, code, what + "; not updated because " + modeKey
                    + " is create-only", null, vendorId));
        }
        state.vendorId = vendorId;
        state.pinned = kept;
        state.adopted = adopted;
        return update(state);
    }

    // A record the id map does not know and that lacks what a lookup needs (so it lacks what a create needs too).
    private Outcome notLookedUp(State state) {
        String why = "not in Ferry's id map, and without " + String.join(" and ", mapping.lookupFields())
                + " it cannot be looked up";
        return mode == SyncMode.UPDATE_ONLY ? Outcome.rejected(Upsert.NOT_FOUND, why)
                : cannotCreate(state.missing, why, null);
    }

    /**
     * Rejected, never failed or parked: the record lacks what a create needs, and the vendor (status, when it said so)
     * does not have the entity.
     */
    static Outcome cannotCreate(List<String> missing, String why, Integer status) {
        return new Outcome(Status.REJECTED, status, Upsert.CANNOT_CREATE, "cannot be created: the record lacks "
                + String.join(", ", missing) + ", which a create needs (" + why + ")", null, null);
    }

    /** The create after an update found nothing, or the update after a create met a duplicate: once per record. */
    Step switchTo(State state, boolean create) {
        // The create may throw (another instance's claim) before anything changed: the step is then redone as it was.
        Step next = create ? create(state) : update(state);
        state.switched = true;
        return next;
    }

    Step create(State state) {
        VendorRequest request = mapping.createRequest(state.record);
        if (!state.preview && !state.claimed) {
            claims.claim(state);
        } else if (!state.preview) {
            claims.keepClaimedAhead(state);
        }
        state.creating = true;
        state.vendorId = null;
        state.request = request;
        return Step.send(state.request);
    }

    /** The update of the record, or first the read of what the vendor holds when the update needs it. */
    Step update(State state) {
        state.creating = false;
        try {
            if (state.current == null && !state.adopted && mapping.changesNothing(mapping.updateBody(state.record))) {
                return Step.done(Outcome.rejected(Upsert.NOTHING_TO_UPDATE, "the record has no field to update"
                        + " besides its id" + (state.missing.isEmpty() ? "" : ", and lacks "
                        + String.join(", ", state.missing) + ", which a create needs")));
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
}
