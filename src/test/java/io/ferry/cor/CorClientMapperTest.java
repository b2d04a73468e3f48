package io.ferry.cor;

import static io.ferry.cor.CorRecords.csv;
import static io.ferry.cor.CorRecords.json;
import static io.ferry.cor.CorRecords.record;
import static io.ferry.cor.CorRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import org.junit.jupiter.api.Test;

class CorClientMapperTest {

    private final CorClientMapper mapper = new CorClientMapper(new CorSources("GLOBANT"));

    @Test
    void documentedCreateExampleIsSentExactly() {
        Record record = csv(Targets.COR_CLIENTS, CorExamples.CLIENT_CSV);
        mapper.check(record, SyncMode.UPSERT);
        VendorRequest request = mapper.createRequest(record);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/clients");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CLIENT_CREATE));
    }

    @Test
    void documentedUpdateExampleSendsMetadataAndPresentFieldsWithoutId() {
        Record record = csv(Targets.COR_CLIENTS, CorExamples.CLIENT_UPDATE_CSV);
        VendorRequest request = mapper.updateRequest(record);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/clients/SF-1001");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CLIENT_UPDATE));
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
        mapper.check(record, SyncMode.UPSERT);
        assertThat(sent(mapper.createRequest(record))).isEqualTo(json(
                "{'metadata':{'source':'SAP'},'id':'C1','name':'Acme'}"));
    }

    @Test
    void emptyCellMeansNotProvidedByDefaultAndClearWhenConfigured() {
        String csv = "id,name,phone,website\nC1,Acme,,https://acme.example\n";
        assertThat(sent(mapper.updateRequest(csv(Targets.COR_CLIENTS, csv, false).get(0)))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'name':'Acme','website':'https://acme.example'}"));
        assertThat(sent(mapper.updateRequest(csv(Targets.COR_CLIENTS, csv, true).get(0)))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'name':'Acme','phone':null,'website':'https://acme.example'}"));
        // A create has nothing to clear.
        assertThat(sent(mapper.createRequest(csv(Targets.COR_CLIENTS, csv, true).get(0)))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'id':'C1','name':'Acme','website':'https://acme.example'}"));
    }

    @Test
    void externalIdIsPercentEncodedInThePath() {
        Record record = record(Targets.COR_CLIENTS, "{'id':'SF 1/2','name':'Acme'}");
        assertThat(mapper.updateRequest(record).path()).isEqualTo("/clients/SF%201%2F2");
    }

    @Test
    void requiredFieldsAreCheckedNamingTheField() {
        assertRejected("{'name':'Acme'}", SyncMode.UPSERT, "MISSING_FIELD", "id is required");
        assertRejected("{'id':'C1'}", SyncMode.UPSERT, "MISSING_FIELD", "name is required");
        assertRejected("{'id':'C1','name':'  '}", SyncMode.CREATE_ONLY, "MISSING_FIELD", "name is required");
        assertRejected("{'id':'C1','name':'Acme','metadata':{'source':'EXCEL'}}", SyncMode.UPSERT, "INVALID_FIELD",
                "metadata.source must be one of JIRA, SALESFORCE");
        assertRejected("{'id':'C1','name':'Acme','phone':['1','2']}", SyncMode.UPSERT, "INVALID_FIELD",
                "phone must be text, not a list");
        // An update needs no name.
        mapper.check(record(Targets.COR_CLIENTS, "{'id':'C1'}"), SyncMode.UPDATE_ONLY);
    }

    @Test
    void withoutAnySourceTheRecordIsRejected() {
        CorClientMapper noDefault = new CorClientMapper(new CorSources(null));
        assertThatThrownBy(() -> noDefault.check(record(Targets.COR_CLIENTS, "{'id':'C1','name':'A'}"), SyncMode.UPSERT))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("metadata.source is required (or set a default with cor.source)");
    }

    private void assertRejected(String fields, SyncMode mode, String code, String message) {
        assertThatThrownBy(() -> mapper.check(record(Targets.COR_CLIENTS, fields), mode))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
