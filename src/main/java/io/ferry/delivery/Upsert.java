package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.store.IdMapStore;

/**
 * The upsert state machine of one target, vendor-neutral: POST when the id map does not know the external id, PUT
 * when it does; a "duplicate" answer to a create switches to an update and a "not found" answer to an update switches
 * to a create, at most once per record; the sync mode forbids one of the two. The id map is written in the step that
 * decides the outcome.
 *
 * <p>A create is announced in the id map (a create intent) before it is sent, and the intent is dropped with the
 * answer. An intent still there when a record comes (again) means Ferry stopped between sending a create and recording
 * its answer, so the vendor may have the entity: such a record is updated first, and created only when the vendor does
 * not know it. A crash therefore never makes Ferry send a second create for an entity it already created.
 */
public final class Upsert {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String target;
    private final SyncMode mode;
    private final String modeKey;
    private final UpsertMapping mapping;
    private final UpsertRules rules;
    private final IdMapStore idMap;

    /**
     * @param modeKey the property that sets the mode, named in outcome messages (cor.clients.sync-mode)
     */
    public Upsert(String target, SyncMode mode, String modeKey, UpsertMapping mapping, UpsertRules rules,
                  IdMapStore idMap) {
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
        private boolean switched;
        private VendorRequest request;

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

    /** The first step: rejected by validation, unchanged (create-only and already known), or the first request. */
    public Step start(State state) {
        Record record = state.record;
        try {
            mapping.check(record, mode);
        } catch (InvalidRecordException e) {
            return Step.done(FailureClassifier.invalid(e));
        }
        boolean known = idMap.isKnown(target, record.externalId());
        if (known && mode == SyncMode.CREATE_ONLY) {
            return Step.done(new Outcome(Status.UNCHANGED, null, "ALREADY_CREATED", "already created by Ferry; not"
                    + " updated because " + modeKey + " is create-only", null, idMap.find(target, record.externalId())
                    .map(IdMapStore.Mapping::vendorId).orElse(null)));
        }
        if (known || mode == SyncMode.UPDATE_ONLY) {
            return update(state);
        }
        // Create-only cannot look first: its create meets the entity as a duplicate, which it reports as unchanged.
        boolean interrupted = mode == SyncMode.UPSERT && idMap.createInterrupted(target, record.externalId());
        return interrupted ? update(state) : create(state);
    }

    /** The step after the vendor answered {@code status} with {@code body} (anything but a 401, see VendorDelivery). */
    public Step onResponse(State state, int status, String body) {
        String externalId = state.record.externalId();
        if (status >= 200 && status < 300) {
            String vendorId = rules.vendorId(parse(body));
            idMap.save(target, externalId, vendorId, state.request.bodyHash());
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
        if (state.creating && rules.isDuplicate(error)) {
            idMap.save(target, externalId, null, null);
            if (mode == SyncMode.CREATE_ONLY) {
                return Step.done(new Outcome(Status.UNCHANGED, status, error.code(), "already exists; not updated"
                        + " because " + modeKey + " is create-only (" + error.message() + ")", null, null));
            }
            return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : switchTo(state, false);
        }
        if (!state.creating && rules.isNotFound(error)) {
            idMap.forget(target, externalId);
            if (mode == SyncMode.UPDATE_ONLY) {
                return Step.done(Outcome.rejected(error.code(), "does not exist; not created because " + modeKey
                        + " is update-only (" + error.message() + ")"));
            }
            return state.switched ? Step.done(FailureClassifier.outcome(error, null)) : switchTo(state, true);
        }
        return Step.done(FailureClassifier.outcome(error, null));
    }

    private Step switchTo(State state, boolean create) {
        state.switched = true;
        return create ? create(state) : update(state);
    }

    /** The vendor refused the credentials (VendorDelivery decides that): a create was not carried out. */
    public void refused(State state) {
        if (state.creating) {
            idMap.dropIntent(target, state.record.externalId());
        }
    }

    private Step create(State state) {
        state.creating = true;
        state.request = mapping.createRequest(state.record);
        idMap.intendCreate(target, state.record.externalId());
        return Step.send(state.request);
    }

    private Step update(State state) {
        state.creating = false;
        state.request = mapping.updateRequest(state.record);
        return Step.send(state.request);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
