package io.ferry.cor;

import static io.ferry.cor.CorRecords.csv;
import static io.ferry.cor.CorRecords.json;
import static io.ferry.cor.CorRecords.record;
import static io.ferry.cor.CorRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import org.junit.jupiter.api.Test;

class CorClientMapperTest {

    private final CorClientMapper mapper = new CorClientMapper(new CorSources("GLOBANT"));
    private static final UpsertMapping.Entity BY_EXTERNAL_ID = new UpsertMapping.Entity(null, Pinned.NONE, null, false);

    @Test
    void documentedCreateExampleIsSentExactly() {
        Record record = csv(Targets.COR_CLIENTS, CorExamples.CLIENT_CSV);
        mapper.check(record);
        assertThat(mapper.missingForCreate(record)).isEmpty();
        VendorRequest request = mapper.createRequest(record);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/clients");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CLIENT_CREATE));
    }

    @Test
    void documentedUpdateExampleSendsMetadataAndPresentFieldsWithoutId() {
        Record record = csv(Targets.COR_CLIENTS, CorExamples.CLIENT_UPDATE_CSV);
        VendorRequest request = mapper.updateRequest(record, BY_EXTERNAL_ID);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/clients/SF-1001");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CLIENT_UPDATE));
    }

    @Test
    void anUpdateSendsOnlyTheFieldsTheRecordHas() {
        Record phoneOnly = record(Targets.COR_CLIENTS, "{'id':'C1','phone':'+1 555-0200'}");
        mapper.check(phoneOnly);
        assertThat(mapper.missingForCreate(phoneOnly)).containsExactly("name");
        assertThat(sent(mapper.updateRequest(phoneOnly, BY_EXTERNAL_ID))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'phone':'+1 555-0200'}"));
        assertThat(mapper.updateBody(phoneOnly)).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'phone':'+1 555-0200'}"));
    }

    @Test
    void theSourceIsWhatTheEntityKeepsForGood() {
        Record jira = record(Targets.COR_CLIENTS, "{'id':'C1','metadata':{'source':'JIRA'}}");
        assertThat(mapper.pinned(jira).values()).containsExactly(java.util.Map.entry("metadata.source", "JIRA"));
        InvalidRecordException change = mapper.pinnedChange(jira, "metadata.source", "SALESFORCE", "JIRA");
        assertThat(change.code()).isEqualTo("SOURCE_MISMATCH");
        assertThat(change.getMessage()).isEqualTo("metadata.source is JIRA, but C1 was created in COR with source"
                + " SALESFORCE, which COR keeps for good; send it with SALESFORCE (or set cor.source), or give the"
                + " record another id");
    }

    @Test
    void configuredSourceIsUsedWhenTheRecordHasNone() {
        Record record = record(Targets.COR_CLIENTS, "{'id':'C1','name':'Acme'}");
        assertThat(sent(mapper.createRequest(record))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'id':'C1','name':'Acme'}"));
    }

    @Test
    void unknownColumnsAndOtherMetadataAreNotSent() {
        Record record = record(Targets.COR_CLIENTS,
                "{'id':'C1','name':'Acme','crm_owner':'bob','metadata':{'source':'SAP','region':'EU'}}");
        mapper.check(record);
        assertThat(sent(mapper.createRequest(record))).isEqualTo(json(
                "{'metadata':{'source':'SAP'},'id':'C1','name':'Acme'}"));
    }

    @Test
    void aNullIsSentOnlyForAFieldConfiguredToBeCleared() {
        String csv = "id,name,phone,website\nC1,Acme,,https://acme.example\n";
        Record emptyPhone = csv(Targets.COR_CLIENTS, csv, true).get(0);
        // Not configured: an empty (null) phone is not provided.
        assertThat(sent(mapper.updateRequest(emptyPhone, BY_EXTERNAL_ID))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'name':'Acme','website':'https://acme.example'}"));
        CorClientMapper clearing = new CorClientMapper(new CorSources("GLOBANT"), ClearableFields.of(
                "cor.clients.clear-fields", java.util.List.of("phone"), CorClientMapper.OPTIONAL));
        assertThat(sent(clearing.updateRequest(emptyPhone, BY_EXTERNAL_ID))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'name':'Acme','phone':null,'website':'https://acme.example'}"));
        // A create has nothing to clear.
        assertThat(sent(clearing.createRequest(emptyPhone))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'id':'C1','name':'Acme','website':'https://acme.example'}"));
        // Without ferry.csv.empty-cell=clear an empty cell is not even a null.
        assertThat(sent(clearing.updateRequest(csv(Targets.COR_CLIENTS, csv, false).get(0), BY_EXTERNAL_ID)))
                .isEqualTo(json("{'metadata':{'source':'GLOBANT'},'name':'Acme','website':'https://acme.example'}"));
    }

    @Test
    void nameCannotBeConfiguredToBeCleared() {
        assertThatThrownBy(() -> ClearableFields.of("cor.clients.clear-fields", java.util.List.of("phone", "name"),
                CorClientMapper.OPTIONAL)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(
                "configuration cor.clients.clear-fields lists name, which an update cannot clear");
    }

    @Test
    void externalIdIsPercentEncodedInThePath() {
        Record record = record(Targets.COR_CLIENTS, "{'id':'SF 1/2','name':'Acme'}");
        assertThat(mapper.updateRequest(record, BY_EXTERNAL_ID).path()).isEqualTo("/clients/SF%201%2F2");
    }

    @Test
    void formatsAreCheckedNamingTheFieldAndTheNameOnlyForACreate() {
        assertRejected("{'name':'Acme'}", "MISSING_FIELD", "id is required");
        assertRejected("{'id':'C1','name':'Acme','metadata':{'source':'EXCEL'}}", "INVALID_FIELD",
                "metadata.source must be one of JIRA, SALESFORCE");
        assertRejected("{'id':'C1','name':'Acme','phone':['1','2']}", "INVALID_FIELD",
                "phone must be text, not a list");
        // Only a create needs a name.
        Record noName = record(Targets.COR_CLIENTS, "{'id':'C1','name':'  '}");
        mapper.check(noName);
        assertThat(mapper.missingForCreate(noName)).containsExactly("name");
    }

    @Test
    void withoutAnySourceTheRecordIsRejected() {
        CorClientMapper noDefault = new CorClientMapper(new CorSources(null));
        assertThatThrownBy(() -> noDefault.check(record(Targets.COR_CLIENTS, "{'id':'C1','name':'A'}")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("metadata.source is required (or set a default with cor.source)");
    }

    private void assertRejected(String fields, String code, String message) {
        assertThatThrownBy(() -> mapper.check(record(Targets.COR_CLIENTS, fields)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
