package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ferry.delivery.Upsert.State;
import io.ferry.delivery.Upsert.Step;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.store.IdMapStore;
import io.ferry.store.VendorIdConflictException;

/**
 * What a vendor's answer means for a record: its outcome, written to the id map, or the next request (the next lookup
 * request, the update after a read or a lookup, the update after a duplicate create, the create after a "not found"
 * update).
 */
final class UpsertAnswers {

    // A reader resolves the tree's deserializer once: ObjectMapper.readTree looked it up for every answer.
    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final String target;
    private final SyncMode mode;
    private final String modeKey;
    private final UpsertMapping mapping;
    private final UpsertRules rules;
    private final IdMapStore idMap;
    private final UpsertClaims claims;
    private final PinnedCheck pinned;
    private final UpdateChangeDetection changes;
    private final UpsertDecision decision;

    UpsertAnswers(String target, SyncMode mode, String modeKey, UpsertMapping mapping, UpsertRules rules,
                  IdMapStore idMap, UpsertClaims claims, PinnedCheck pinned, UpdateChangeDetection changes,
                  UpsertDecision decision) {
        this.target = target;
        this.mode = mode;
        this.modeKey = modeKey;
        this.mapping = mapping;
        this.rules = rules;
        this.idMap = idMap;
        this.claims = claims;
        this.pinned = pinned;
        this.changes = changes;
        this.decision = decision;
    }

    /** See {@link Upsert#onResponse}. */
    Step onResponse(State state, int status, String body) {
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
            String hash = changes.payloadHash(state.record);
            String kept = state.pinned.orElse(mapping.pinned(state.record)).overriddenBy(rules.pinned(answer)).encode();
            if (state.creating) {
                try {
                    idMap.saveNew(target, externalId, vendorId, hash, kept);
                } catch (VendorIdConflictException e) {
                    return Step.done(Outcome.failed(status, Upsert.DUPLICATE_ENTITY, e.getMessage()));
                }
            } else {
                idMap.save(target, externalId, vendorId, hash, kept);
            }
            return Step.done(Outcome.delivered(state.creating ? Status.CREATED : Status.UPDATED, status, vendorId));
        }
        VendorError error = rules.errors().parse(status, body);
        if (state.creating && !rules.isDuplicate(error)) {
            // The vendor answered the create without creating anything.
            claims.drop(state);
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
            return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : decision.switchTo(state, false);
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
            return Step.done(UpsertDecision.cannotCreate(state.missing, error.code() + ": " + error.message(),
                    error.status()));
        }
        return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : decision.switchTo(state, true);
    }

    // The answer to the read before an update: the update itself, with what the vendor holds.
    private Step onRead(State state, int status, String body) {
        state.reading = false;
        if (status >= 200 && status < 300) {
            state.current = parse(body);
            return decision.update(state);
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
            return Step.done(Outcome.rejected(Upsert.AMBIGUOUS_MATCH, ambiguous.message()));
        }
        if (result instanceof UpsertLookup.Found found) {
            // The vendor confirmed the entity: remembered at once, whatever the update then answers.
            idMap.save(target, state.record.externalId(), found.vendorId(), null, found.pinned().encode());
            state.claimed = false;
            try {
                pinned.check(state.record, found.pinned());
            } catch (InvalidRecordException e) {
                return Step.done(FailureClassifier.invalid(e));
            }
            return decision.existing(state, found.vendorId(), found.pinned(), found.adopted(), "ALREADY_EXISTS",
                    "already exists (found by lookup)");
        }
        if (mode == SyncMode.UPDATE_ONLY) {
            return Step.done(Outcome.rejected(Upsert.NOT_FOUND, "does not exist; not created because " + modeKey
                    + " is update-only"));
        }
        if (!state.missing.isEmpty()) {
            return Step.done(UpsertDecision.cannotCreate(state.missing, "a lookup did not find it", null));
        }
        return decision.create(state);
    }

    private static Outcome rejected(VendorError error) {
        return new Outcome(Status.REJECTED, error.status(), error.code(), error.message(), null, null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
