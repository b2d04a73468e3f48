package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.store.CreateInProgressException;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upsert state machine with a made-up vendor: "DUP" means exists, "GONE" means unknown, "WAIT" parks. */
class UpsertTest {

    private static final String TARGET = "acme-things";

    private final Store store = new Store("jdbc:h2:mem:upsert-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final IdMapStore idMap = new IdMapStore(store.dataSource());

    // Things are addressed by their id. A create needs a name (text); "source" can never change once created.
    private final UpsertMapping mapping = new UpsertMapping() {
        @Override
        public void check(Record record) {
            if (record.fields().has("name") && !record.fields().get("name").isTextual()) {
                throw InvalidRecordException.invalid("name must be text");
            }
        }

        @Override
        public java.util.List<String> missingForCreate(Record record) {
            return record.createFields().has("name") ? java.util.List.of() : java.util.List.of("name");
        }

        @Override
        public VendorRequest createRequest(Record record) {
            return VendorRequest.post("/things", record.createFields());
        }

        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode updateBody(Record record) {
            return record.fields().deepCopy();
        }

        @Override
        public VendorRequest updateRequest(Record record, Entity entity) {
            return VendorRequest.put("/things/" + record.externalId(), updateBody(record));
        }

        @Override
        public Pinned pinned(Record record) {
            return Pinned.NONE.with("source", record.fields().path("source").asText(null));
        }

        @Override
        public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
            return new InvalidRecordException("SOURCE_MISMATCH", path + " is " + given + ", created with " + kept);
        }
    };

    private final UpsertRules rules = new UpsertRules() {
        @Override
        public VendorErrorParser errors() {
            return (status, body) -> new VendorError(status, body, body, "said " + body, body);
        }

        @Override
        public boolean isDuplicate(VendorError error) {
            return error.is("DUP");
        }

        @Override
        public boolean isNotFound(VendorError error) {
            return error.is("GONE");
        }

        @Override
        public String awaiting(VendorError error, Record record) {
            return error.is("WAIT") ? "thing-parent:P1" : null;
        }
    };

    // A vendor that addresses things by its own id and finds them by a lookup: {"found":"V9","kind":"round"} found,
    // {"next":2} asks for page 2, {"many":true} is ambiguous, {} is nothing. "NOPE" rejects the record. A create needs
    // a name; an update of a record without one reads the thing first and sends its name along.
    private final UpsertMapping byVendorId = new UpsertMapping() {
        @Override
        public void check(Record record) {
        }

        @Override
        public java.util.List<String> missingForCreate(Record record) {
            return record.createFields().has("name") ? java.util.List.of() : java.util.List.of("name");
        }

        @Override
        public VendorRequest createRequest(Record record) {
            return VendorRequest.post("/things", record.createFields());
        }

        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode updateBody(Record record) {
            return record.fields().deepCopy();
        }

        @Override
        public VendorRequest readBeforeUpdate(Record record, Entity entity) {
            return record.fields().has("name") ? null : VendorRequest.get("/things/" + entity.vendorId(), null);
        }

        @Override
        public VendorRequest updateRequest(Record record, Entity entity) {
            com.fasterxml.jackson.databind.node.ObjectNode body = updateBody(record);
            if (entity.current() != null) {
                body.set("name", entity.current().get("name"));
            }
            if (entity.adopted()) {
                body.put("ref", record.externalId());
            }
            return VendorRequest.patch("/things/" + entity.vendorId(), body);
        }

        @Override
        public boolean needsVendorId() {
            return true;
        }

        @Override
        public UpsertLookup lookup(Record record) {
            return new UpsertLookup() {
                @Override
                public VendorRequest first() {
                    return VendorRequest.get("/things", "ref=" + record.externalId());
                }

                @Override
                public Result read(com.fasterxml.jackson.databind.JsonNode body) {
                    if (body.has("found")) {
                        return new Found(body.get("found").asText(), Pinned.NONE.with("kind",
                                body.path("kind").asText(null)), body.has("adopt"));
                    }
                    if (body.has("next")) {
                        return new Next(VendorRequest.get("/things", "ref=" + record.externalId() + "&page="
                                + body.get("next").asText()));
                    }
                    return body.has("many") ? new Ambiguous("two things match") : new NotFound();
                }
            };
        }

        @Override
        public Pinned pinned(Record record) {
            return Pinned.NONE.with("kind", record.fields().path("kind").asText(null));
        }

        @Override
        public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
            return new InvalidRecordException("TYPE_CHANGE", "kind cannot change from " + kept + " to " + given);
        }
    };

    private final UpsertRules byVendorIdRules = new UpsertRules() {
        @Override
        public VendorErrorParser errors() {
            return (status, body) -> new VendorError(status, body, body, "said " + body, body);
        }

        @Override
        public boolean isDuplicate(VendorError error) {
            return false;
        }

        @Override
        public boolean isNotFound(VendorError error) {
            return error.is("GONE");
        }

        @Override
        public boolean rejects(VendorError error) {
            return error.is("NOPE");
        }

        @Override
        public Pinned pinned(com.fasterxml.jackson.databind.JsonNode body) {
            return body == null ? Pinned.NONE : Pinned.NONE.with("kind", body.path("kind").asText(null));
        }
    };

    @AfterEach
    void close() {
        store.close();
    }

    private Upsert upsert(SyncMode mode) {
        return new Upsert(TARGET, mode, "acme.things.sync-mode", mapping, rules, idMap);
    }

    private static Record record(String id, boolean named) {
        var fields = JsonNodeFactory.instance.objectNode().put("id", id);
        if (named) {
            fields.put("name", "Thing " + id);
        }
        return Record.of(TARGET, Source.file("f.csv", 1), id, fields);
    }

    @Test
    void unknownIsCreatedAndRemembered() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        assertThat(upsert.start(state).request().method()).isEqualTo("POST");
        Outcome outcome = upsert.onResponse(state, 201, "{\"id\":77}").outcome();
        assertThat(outcome).isEqualTo(Outcome.delivered(Status.CREATED, 201, "77"));
        assertThat(idMap.find(TARGET, "T1").orElseThrow().vendorId()).isEqualTo("77");
        assertThat(idMap.find(TARGET, "T1").orElseThrow().payloadHash()).hasSize(64);
    }

    @Test
    void knownIsUpdated() {
        idMap.save(TARGET, "T1", "77", null);
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        assertThat(upsert.start(state).request().path()).isEqualTo("/things/T1");
        assertThat(upsert.onResponse(state, 200, "{\"id\":77}").outcome().status()).isEqualTo(Status.UPDATED);
    }

    @Test
    void anEntityCreatedByAnotherInstanceAfterTheReadIsUpdatedNotCreatedAgain() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        // Read ahead as unknown; another instance then creates the entity and records it before this one claims.
        Upsert.State state = upsert.newState(record("T1", true), true);
        idMap.save(TARGET, "T1", "77", null);

        Upsert.Step step = upsert.start(state);

        assertThat(step.request().method()).isEqualTo("PUT");
        assertThat(step.request().path()).isEqualTo("/things/T1");
        assertThat(upsert.onResponse(state, 200, "{\"id\":77}").outcome().status()).isEqualTo(Status.UPDATED);
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("claim left behind").isFalse();
    }

    @Test
    void anUnchangedEntityCreatedByAnotherInstanceAfterTheReadIsNotSentAndLeavesNoClaim() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State first = upsert.newState(record("T1", true));
        upsert.start(first);
        upsert.onResponse(first, 201, "{\"id\":77}");

        Upsert.Step step = upsert.start(upsert.newState(record("T1", true), true));

        assertThat(step.isDone()).isTrue();
        assertThat(step.outcome().status()).isEqualTo(Status.UNCHANGED);
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("claim left behind").isFalse();
    }

    @Test
    void duplicateOnCreateSwitchesToUpdateOnce() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 400, "DUP").request().method()).isEqualTo("PUT");
        assertThat(idMap.isKnown(TARGET, "T1")).isTrue();
        // The update now says the thing is unknown: no second switch, the record fails with the vendor's error.
        Outcome outcome = upsert.onResponse(state, 404, "GONE").outcome();
        assertThat(outcome).isEqualTo(Outcome.failed(404, "GONE", "said GONE"));
    }

    @Test
    void notFoundOnUpdateSwitchesToCreateAndForgetsTheMapping() {
        idMap.save(TARGET, "T1", "77", null);
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 404, "GONE").request().method()).isEqualTo("POST");
        assertThat(idMap.isKnown(TARGET, "T1")).isFalse();
        assertThat(upsert.onResponse(state, 200, "{\"id\":78}").outcome()).isEqualTo(
                Outcome.delivered(Status.CREATED, 200, "78"));
    }

    @Test
    void createOnlyNeverUpdates() {
        Upsert upsert = upsert(SyncMode.CREATE_ONLY);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        Outcome duplicate = upsert.onResponse(state, 400, "DUP").outcome();
        assertThat(duplicate.status()).isEqualTo(Status.UNCHANGED);
        assertThat(duplicate.message()).contains("acme.things.sync-mode is create-only");
        // Known now: the next record with this id is not sent at all.
        Upsert.Step again = upsert.start(upsert.newState(record("T1", true)));
        assertThat(again.isDone()).isTrue();
        assertThat(again.outcome().status()).isEqualTo(Status.UNCHANGED);
    }

    @Test
    void updateOnlyNeverCreates() {
        Upsert upsert = upsert(SyncMode.UPDATE_ONLY);
        Upsert.State state = upsert.newState(record("T1", false));
        assertThat(upsert.start(state).request().method()).isEqualTo("PUT");
        Outcome outcome = upsert.onResponse(state, 404, "GONE").outcome();
        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(outcome.message()).contains("not created because acme.things.sync-mode is update-only");
    }

    @Test
    void awaitingErrorParksWithTheKey() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 404, "WAIT").outcome()).isEqualTo(
                Outcome.parked(404, "WAIT", "said WAIT", "thing-parent:P1"));
        assertThat(idMap.isKnown(TARGET, "T1")).isFalse();
    }

    @Test
    void invalidRecordIsRejectedWithoutARequest() {
        Record numbered = record("T1", false);
        numbered.fields().put("name", 7);
        Upsert.Step step = upsert(SyncMode.UPSERT).start(upsert(SyncMode.UPSERT).newState(numbered));
        assertThat(step.request()).isNull();
        assertThat(step.outcome()).isEqualTo(Outcome.rejected("INVALID_FIELD", "name must be text"));
    }

    @Test
    void aPartialRecordOfAnEntityTheIdMapDoesNotKnowIsUpdatedByItsExternalIdWithoutAClaim() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", false));
        assertThat(upsert.start(state).request().toString()).isEqualTo("PUT /things/T1 {\"id\":\"T1\"}");
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("no claim: it will not be created").isFalse();
        assertThat(upsert.onResponse(state, 200, "{\"id\":77}").outcome())
                .isEqualTo(Outcome.delivered(Status.UPDATED, 200, "77"));
        assertThat(idMap.find(TARGET, "T1").orElseThrow().vendorId()).isEqualTo("77");
    }

    @Test
    void aPartialRecordTheVendorDoesNotKnowEndsCannotCreateNamingWhatItLacks() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", false));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 404, "GONE").outcome()).isEqualTo(new Outcome(Status.REJECTED, 404,
                Upsert.CANNOT_CREATE, "cannot be created: the record lacks name, which a create needs (GONE: said GONE)",
                null, null));
        assertThat(idMap.isKnown(TARGET, "T1")).isFalse();
        // Create-only never updates: a partial record is rejected at once.
        Outcome createOnly = upsert(SyncMode.CREATE_ONLY).start(upsert.newState(record("T2", false))).outcome();
        assertThat(createOnly).isEqualTo(Outcome.rejected(Upsert.CANNOT_CREATE, "cannot be created: the record"
                + " lacks name, which a create needs (acme.things.sync-mode is create-only)"));
    }

    @Test
    void aRecordWithNothingButItsIdIsNotSent() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Record bare = Record.of(TARGET, Source.file("f.csv", 1), "T1", JsonNodeFactory.instance.objectNode());
        assertThat(upsert.start(upsert.newState(bare)).outcome()).isEqualTo(Outcome.rejected(Upsert.NOTHING_TO_UPDATE,
                "the record has no field to update besides its id, and lacks name, which a create needs"));
    }

    @Test
    void createOnlyValuesGoToTheCreateButNeitherToUpdatesNorIntoTheHash() {
        Record withDefault = Record.of(TARGET, Source.file("f.csv", 1), "T1",
                JsonNodeFactory.instance.objectNode().put("id", "T1").put("size", 3),
                JsonNodeFactory.instance.objectNode().put("name", "Default name"));
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(withDefault);
        assertThat(upsert.start(state).request().toString())
                .isEqualTo("POST /things {\"id\":\"T1\",\"size\":3,\"name\":\"Default name\"}");
        upsert.onResponse(state, 201, "{\"id\":77}");
        assertThat(upsert.start(upsert.newState(withDefault)).outcome().status()).isEqualTo(Status.UNCHANGED);
        Record bigger = Record.of(TARGET, Source.file("f.csv", 2), "T1", withDefault.fields().deepCopy().put("size", 4),
                withDefault.createOnly());
        assertThat(upsert.start(upsert.newState(bigger)).request().toString())
                .isEqualTo("PUT /things/T1 {\"id\":\"T1\",\"size\":4}");
    }

    @Test
    void theSameRecordAgainIsUnchangedWhetherItWasCreatedOrUpdatedLast() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State partial = upsert.newState(record("T1", false));
        upsert.start(partial);
        upsert.onResponse(partial, 200, "{\"id\":77}");
        assertThat(upsert.start(upsert.newState(record("T1", false))).outcome().code()).isEqualTo(Upsert.UNCHANGED);
        assertThat(upsert.unchanged(record("T1", false), idMap.find(TARGET, "T1").orElseThrow()).code())
                .isEqualTo(Upsert.UNCHANGED);
        assertThat(upsert.unchanged(record("T1", true), idMap.find(TARGET, "T1").orElseThrow())).isNull();
    }

    @Test
    void whatNeverChangesIsKeptFromTheFirstDeliveryAndAnotherValueIsRejectedWithoutACall() {
        // A row from before pinned values: the first source seen is accepted, and kept.
        idMap.save(TARGET, "T1", "77", null);
        Upsert upsert = upsert(SyncMode.UPSERT);
        Record fromA = record("T1", true);
        fromA.fields().put("source", "A");
        Upsert.State state = upsert.newState(fromA);
        assertThat(upsert.start(state).request().method()).isEqualTo("PUT");
        upsert.onResponse(state, 200, "{\"id\":77}");
        assertThat(idMap.find(TARGET, "T1").orElseThrow().pinned()).isEqualTo("{\"source\":\"A\"}");

        Record fromB = record("T1", true);
        fromB.fields().put("source", "B");
        Upsert.Step step = upsert.start(upsert.newState(fromB));
        assertThat(step.outcome()).isEqualTo(Outcome.rejected("SOURCE_MISMATCH", "source is B, created with A"));
        assertThat(upsert.unchanged(fromB, idMap.find(TARGET, "T1").orElseThrow())).isNull();
        // A record without the value passes.
        assertThat(upsert.start(upsert.newState(record("T1", false))).request().method()).isEqualTo("PUT");
    }

    private Upsert lookingUp(SyncMode mode) {
        return new Upsert(TARGET, mode, "acme.things.sync-mode", byVendorId, byVendorIdRules, idMap);
    }

    private static Record kindOf(String id, String kind) {
        Record record = record(id, true);
        record.fields().put("kind", kind);
        return record;
    }

    @Test
    void withALookupAnUnknownRecordIsLookedUpThenCreated() {
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(kindOf("T1", "round"));
        assertThat(upsert.start(state).request().toString()).isEqualTo("GET /things?ref=T1 ");
        assertThat(upsert.onResponse(state, 200, "{}").request().method()).isEqualTo("POST");
        assertThat(upsert.onResponse(state, 201, "{\"id\":\"V1\",\"kind\":\"round\"}").outcome())
                .isEqualTo(Outcome.delivered(Status.CREATED, 201, "V1"));
        assertThat(idMap.find(TARGET, "T1").orElseThrow().pinned()).isEqualTo("{\"kind\":\"round\"}");
    }

    @Test
    void anEntityFoundByTheLookupIsRememberedAndUpdatedByItsVendorId() {
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(kindOf("T1", "round"));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 200, "{\"next\":2}").request().query()).isEqualTo("ref=T1&page=2");
        Upsert.Step update = upsert.onResponse(state, 200, "{\"found\":\"V9\",\"kind\":\"round\"}");
        assertThat(update.request().toString()).startsWith("PATCH /things/V9 ");
        assertThat(idMap.find(TARGET, "T1")).contains(new IdMapStore.Mapping("V9", null, "{\"kind\":\"round\"}"));
        assertThat(upsert.onResponse(state, 200, "{}").outcome()).isEqualTo(Outcome.delivered(Status.UPDATED, 200, "V9"));
    }

    @Test
    void aKnownVendorIdSkipsTheLookupButAnEntryWithoutOneDoesNot() {
        idMap.save(TARGET, "T1", "V7", null);
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        assertThat(upsert.start(upsert.newState(record("T1", true))).request().path()).isEqualTo("/things/V7");
        idMap.save(TARGET, "T2", null, null);
        assertThat(upsert.start(upsert.newState(record("T2", true))).request().method()).isEqualTo("GET");
    }

    @Test
    void aRecordThatWouldChangeTheKindIsRejectedBeforeAnyUpdate() {
        idMap.save(TARGET, "T1", "V7", null, "{\"kind\":\"round\"}");
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.Step step = upsert.start(upsert.newState(kindOf("T1", "square")));
        assertThat(step.request()).isNull();
        assertThat(step.outcome()).isEqualTo(Outcome.rejected("TYPE_CHANGE", "kind cannot change from round to square"));

        Upsert.State found = upsert.newState(kindOf("T2", "square"));
        upsert.start(found);
        assertThat(upsert.onResponse(found, 200, "{\"found\":\"V8\",\"kind\":\"round\"}").outcome().code())
                .isEqualTo("TYPE_CHANGE");
    }

    @Test
    void aPartialRecordIsLookedUpAndUpdatedWithWhatTheVendorHoldsButNeverCreated() {
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State found = upsert.newState(record("T1", false));
        assertThat(upsert.start(found).request().method()).isEqualTo("GET");
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("no claim: it will not be created").isFalse();
        assertThat(upsert.onResponse(found, 200, "{\"found\":\"V9\",\"adopt\":true}").request().toString())
                .isEqualTo("GET /things/V9 ");
        assertThat(upsert.onResponse(found, 200, "{\"name\":\"Kept\"}").request().toString())
                .isEqualTo("PATCH /things/V9 {\"id\":\"T1\",\"name\":\"Kept\",\"ref\":\"T1\"}");
        assertThat(upsert.onResponse(found, 200, "{}").outcome()).isEqualTo(Outcome.delivered(Status.UPDATED, 200, "V9"));

        Upsert.State missing = upsert.newState(record("T2", false));
        upsert.start(missing);
        assertThat(upsert.onResponse(missing, 200, "{}").outcome()).isEqualTo(Outcome.rejected(Upsert.CANNOT_CREATE,
                "cannot be created: the record lacks name, which a create needs (a lookup did not find it)"));
    }

    @Test
    void aReadThatFindsTheEntityGoneCreatesItWhenTheRecordCanBeCreated() {
        idMap.save(TARGET, "T1", "V7", null);
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State partial = upsert.newState(record("T1", false));
        assertThat(upsert.start(partial).request().toString()).isEqualTo("GET /things/V7 ");
        assertThat(upsert.onResponse(partial, 404, "GONE").outcome().code()).isEqualTo(Upsert.CANNOT_CREATE);
        assertThat(idMap.isKnown(TARGET, "T1")).isFalse();
    }

    @Test
    void aStaleVendorIdIsRecreatedOnceWithoutAnotherLookup() {
        idMap.save(TARGET, "T1", "V7", null);
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 404, "GONE").request().toString()).startsWith("POST /things ");
        assertThat(upsert.onResponse(state, 201, "{\"id\":\"V8\"}").outcome())
                .isEqualTo(Outcome.delivered(Status.CREATED, 201, "V8"));
        assertThat(idMap.find(TARGET, "T1").orElseThrow().vendorId()).isEqualTo("V8");
    }

    @Test
    void ambiguousLookupsAndRejectingErrorsRejectTheRecord() {
        Upsert upsert = lookingUp(SyncMode.UPSERT);
        Upsert.State ambiguous = upsert.newState(record("T1", true));
        upsert.start(ambiguous);
        assertThat(upsert.onResponse(ambiguous, 200, "{\"many\":true}").outcome())
                .isEqualTo(Outcome.rejected(Upsert.AMBIGUOUS_MATCH, "two things match"));
        Upsert.State refused = upsert.newState(record("T2", true));
        upsert.start(refused);
        assertThat(upsert.onResponse(refused, 404, "NOPE").outcome())
                .isEqualTo(new Outcome(Status.REJECTED, 404, "NOPE", "said NOPE", null, null));
        Upsert.State failed = upsert.newState(record("T3", true));
        upsert.start(failed);
        assertThat(upsert.onResponse(failed, 400, "BAD").outcome()).isEqualTo(Outcome.failed(400, "BAD", "said BAD"));
        assertThat(idMap.isKnown(TARGET, "T1") || idMap.isKnown(TARGET, "T2") || idMap.isKnown(TARGET, "T3")).isFalse();
    }

    @Test
    void syncModesApplyToWhatTheLookupFound() {
        Upsert createOnly = lookingUp(SyncMode.CREATE_ONLY);
        Upsert.State exists = createOnly.newState(record("T1", true));
        createOnly.start(exists);
        Outcome unchanged = createOnly.onResponse(exists, 200, "{\"found\":\"V9\"}").outcome();
        assertThat(unchanged.status()).isEqualTo(Status.UNCHANGED);
        assertThat(unchanged.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(unchanged.vendorId()).isEqualTo("V9");

        Upsert updateOnly = lookingUp(SyncMode.UPDATE_ONLY);
        Upsert.State missing = updateOnly.newState(record("T2", true));
        updateOnly.start(missing);
        assertThat(updateOnly.onResponse(missing, 200, "{}").outcome()).isEqualTo(Outcome.rejected(Upsert.NOT_FOUND,
                "does not exist; not created because acme.things.sync-mode is update-only"));
    }

    @Test
    void otherErrorsArePermanentFailures() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        assertThat(upsert.onResponse(state, 400, "ValidationError").outcome()).isEqualTo(
                Outcome.failed(400, "ValidationError", "said ValidationError"));
    }

    @Test
    void aCreateIsAnnouncedBeforeItIsSentAndTheAnnouncementEndsWithTheAnswer() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State created = upsert.newState(record("T1", true));
        upsert.start(created);
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("intent before the POST is sent").isTrue();
        upsert.onResponse(created, 201, "{\"id\":77}");
        assertThat(idMap.createInterrupted(TARGET, "T1")).isFalse();

        Upsert.State refused = upsert.newState(record("T2", true));
        upsert.start(refused);
        upsert.onResponse(refused, 400, "ValidationError");
        assertThat(idMap.createInterrupted(TARGET, "T2")).as("a create the vendor refused created nothing").isFalse();
    }

    @Test
    void aCreateInterruptedByACrashIsUpdatedFirstSoItIsNeverCreatedTwice() {
        // Ferry sent the POST, the vendor created T1, and Ferry died before it recorded the answer.
        idMap.intendCreate(TARGET, "T1");
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));

        assertThat(upsert.start(state).request().method()).isEqualTo("PUT");
        assertThat(upsert.onResponse(state, 200, "{\"id\":77}").outcome())
                .isEqualTo(Outcome.delivered(Status.UPDATED, 200, "77"));
        assertThat(idMap.createInterrupted(TARGET, "T1")).isFalse();
        assertThat(idMap.find(TARGET, "T1").orElseThrow().vendorId()).isEqualTo("77");
    }

    @Test
    void aCreateInterruptedBeforeTheVendorGotItIsCreatedAfterTheUpdateFindsNothing() {
        idMap.intendCreate(TARGET, "T1");
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));

        assertThat(upsert.start(state).request().method()).isEqualTo("PUT");
        assertThat(upsert.onResponse(state, 404, "GONE").request().method()).isEqualTo("POST");
        assertThat(upsert.onResponse(state, 201, "{\"id\":78}").outcome())
                .isEqualTo(Outcome.delivered(Status.CREATED, 201, "78"));
        assertThat(idMap.createInterrupted(TARGET, "T1")).isFalse();
    }

    @Test
    void aRecordWhoseEntityAnotherInstanceIsCreatingWaitsAndThenUpdatesIt() {
        Upsert first = new Upsert(TARGET, SyncMode.UPSERT, "acme.things.sync-mode", mapping, rules,
                new IdMapStore(store.dataSource(), "instance-a", Duration.ofMinutes(5)));
        Upsert second = new Upsert(TARGET, SyncMode.UPSERT, "acme.things.sync-mode", mapping, rules,
                new IdMapStore(store.dataSource(), "instance-b", Duration.ofMinutes(5)));
        Upsert.State creating = first.newState(record("T1", true));
        assertThat(first.start(creating).request().method()).isEqualTo("POST");

        Upsert.State waiting = second.newState(record("T1", true));
        assertThatThrownBy(() -> second.start(waiting)).isInstanceOf(CreateInProgressException.class);
        first.onResponse(creating, 201, "{\"id\":77}");

        Upsert.State again = second.newState(record("T1", true));
        assertThat(second.start(again).outcome().status()).as("tried again: known, same payload, not sent")
                .isEqualTo(Status.UNCHANGED);
    }

    @Test
    void aRecordClaimedAheadWithItsChunkIsCreatedWithoutAClaimOfItsOwnAndTheClaimEndsWithTheAnswer() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        assertThat(idMap.claimAll(TARGET, java.util.List.of("T1"))).containsExactly("T1");
        Upsert.State state = upsert.newClaimedState(record("T1", true), System.nanoTime());

        assertThat(upsert.start(state).request().method()).as("not an update: the claim is new").isEqualTo("POST");
        assertThat(upsert.onResponse(state, 201, "{\"id\":77}").outcome())
                .isEqualTo(Outcome.delivered(Status.CREATED, 201, "77"));
        assertThat(idMap.createInterrupted(TARGET, "T1")).isFalse();
    }

    @Test
    void aRecordClaimedAheadThatWillNotBeCreatedLeavesNoClaimBehind() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        idMap.claimAll(TARGET, java.util.List.of("T1", "T2"));
        Record numbered = record("T1", false);
        numbered.fields().put("name", 7);
        assertThat(upsert.start(upsert.newClaimedState(numbered, System.nanoTime())).outcome().status())
                .isEqualTo(Status.REJECTED);
        assertThat(idMap.createInterrupted(TARGET, "T1")).as("would make the next attempt update first").isFalse();

        assertThat(upsert.start(upsert.newClaimedState(record("T2", false), System.nanoTime())).request().method())
                .as("a partial record is updated").isEqualTo("PUT");
        assertThat(idMap.createInterrupted(TARGET, "T2")).isFalse();
    }

    @Test
    void aClaimTakenAheadLongAgoIsRenewedAndOneLostMeanwhileMakesTheRecordWaitAndClaimAgain() {
        // A lease of zero: any claim is older than half of it, and another instance takes it over at once.
        IdMapStore mine = new IdMapStore(store.dataSource(), "instance-a", Duration.ZERO);
        Upsert upsert = new Upsert(TARGET, SyncMode.UPSERT, "acme.things.sync-mode", mapping, rules, mine);
        mine.claimAll(TARGET, java.util.List.of("T1", "T2"));

        Upsert.State kept = upsert.newClaimedState(record("T1", true), System.nanoTime());
        assertThat(upsert.start(kept).request().method()).as("renewed, still ours").isEqualTo("POST");

        new IdMapStore(store.dataSource(), "instance-b", Duration.ZERO).claimCreate(TARGET, "T2");
        Upsert.State lost = upsert.newClaimedState(record("T2", true), System.nanoTime());
        assertThatThrownBy(() -> upsert.start(lost)).isInstanceOf(CreateInProgressException.class);
        assertThat(upsert.start(lost).request().method()).as("claimed again, as any record: taken over, looked at")
                .isEqualTo("PUT");
    }

    @Test
    void aSwitchToCreateThatMeetsAnotherInstancesClaimStopsBeforeAnythingChanges() {
        idMap.save(TARGET, "T1", "77", null);
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        assertThat(upsert.start(state).request().method()).isEqualTo("PUT");
        // Meanwhile another instance starts creating T1 (its PUT found nothing too).
        IdMapStore other = new IdMapStore(store.dataSource(), "instance-b", Duration.ofMinutes(5));
        other.claimCreate(TARGET, "T1");

        assertThatThrownBy(() -> upsert.onResponse(state, 404, "GONE")).isInstanceOf(CreateInProgressException.class);
        assertThat(state.creating()).isFalse();
        other.saveNew(TARGET, "T1", "78", null, null);
        // VendorDelivery starts the record again (see VendorDelivery.onResponse): the other instance's entity is updated.
        Upsert.State again = upsert.newState(record("T1", true));
        assertThat(upsert.start(again).request().method()).isEqualTo("PUT");
        assertThat(upsert.onResponse(again, 200, "{\"id\":78}").outcome())
                .isEqualTo(Outcome.delivered(Status.UPDATED, 200, "78"));
    }

    @Test
    void aCreateAnsweredWithAnotherEntityThanTheMapsIsReportedNotWrittenOver() {
        Upsert upsert = upsert(SyncMode.UPSERT);
        Upsert.State state = upsert.newState(record("T1", true));
        upsert.start(state);
        // Another instance took the claim over (this one looked stale to it) and recorded its own create.
        IdMapStore other = new IdMapStore(store.dataSource(), "instance-b", Duration.ZERO);
        other.claimCreate(TARGET, "T1");
        other.saveNew(TARGET, "T1", "78", null, null);

        assertThat(upsert.onResponse(state, 201, "{\"id\":79}").outcome().code()).isEqualTo(Upsert.DUPLICATE_ENTITY);
        assertThat(idMap.find(TARGET, "T1").orElseThrow().vendorId()).isEqualTo("78");
    }
}
