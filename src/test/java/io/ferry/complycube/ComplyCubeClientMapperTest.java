package io.ferry.complycube;

import static io.ferry.testing.TestRecords.csv;
import static io.ferry.testing.TestRecords.json;
import static io.ferry.testing.TestRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import org.junit.jupiter.api.Test;

class ComplyCubeClientMapperTest {

    private final ComplyCubeClientMapper mapper = new ComplyCubeClientMapper("ferry_external_id");

    private static Record record(String csv) {
        return csv(Targets.COMPLYCUBE_CLIENTS, csv);
    }

    @Test
    void janeDoeIsCreatedWithTypeAndUpdatedByIdWithoutIt() {
        Record jane = record(ComplyCubeExamples.JANE_CSV);
        mapper.check(jane, SyncMode.UPSERT);
        VendorRequest create = mapper.createRequest(jane);
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /clients");
        assertThat(sent(create)).isEqualTo(json(ComplyCubeExamples.JANE_CREATE));

        Record changed = record(ComplyCubeExamples.JANE_UPDATE_CSV);
        mapper.check(changed, SyncMode.UPSERT);
        VendorRequest update = mapper.updateRequest(changed, "5f1a2b3c4d5e6f7a8b9c0d1e");
        assertThat(update.method() + " " + update.path()).isEqualTo("POST /clients/5f1a2b3c4d5e6f7a8b9c0d1e");
        assertThat(sent(update)).isEqualTo(json(ComplyCubeExamples.JANE_UPDATE));
    }

    @Test
    void aCompanySendsCompanyDetailsOnly() {
        Record acme = record("externalId,type,email,personDetails.firstName,companyDetails.name,companyDetails.website,"
                + "companyDetails.registrationNumber,companyDetails.incorporationCountry,companyDetails.incorporationType\n"
                + "AC-1,Company,kyc@acme.example,Ignored,Acme Ltd,https://acme.example,01234567,gb,private_limited_company\n");
        mapper.check(acme, SyncMode.UPSERT);
        assertThat(sent(mapper.createRequest(acme))).isEqualTo(json("{'type':'company','email':'kyc@acme.example',"
                + "'externalId':'AC-1','companyDetails':{'name':'Acme Ltd','website':'https://acme.example',"
                + "'registrationNumber':'01234567','incorporationCountry':'GB',"
                + "'incorporationType':'private_limited_company'},'metadata':{'ferry_external_id':'AC-1'}}"));
    }

    @Test
    void emptyCellsClearOptionalFieldsOnUpdatesButNeverRequiredOnes() {
        String text = "externalId,type,email,mobile,personDetails.firstName,personDetails.lastName,personDetails.dob,"
                + "metadata.segment\nJD-1,person,,,Jane,Doe,,\n";
        Record cleared = csv(Targets.COMPLYCUBE_CLIENTS, text, true).get(0);
        mapper.check(cleared, SyncMode.UPDATE_ONLY);
        assertThat(sent(mapper.updateRequest(cleared, "abc"))).isEqualTo(json("{'mobile':null,'externalId':'JD-1',"
                + "'personDetails':{'firstName':'Jane','lastName':'Doe','dob':null},"
                + "'metadata':{'segment':null,'ferry_external_id':'JD-1'}}"));
    }

    @Test
    void updateOnlyNeedsTheTypeButNoDetails() {
        Record partial = record("externalId,type,mobile\nJD-1,person,+447700900124\n");
        mapper.check(partial, SyncMode.UPDATE_ONLY);
        assertThat(sent(mapper.updateRequest(partial, "abc"))).isEqualTo(json("{'mobile':'+447700900124',"
                + "'externalId':'JD-1','metadata':{'ferry_external_id':'JD-1'}}"));
        assertThatThrownBy(() -> mapper.check(partial, SyncMode.UPSERT)).hasMessage("email is required");
        assertThatThrownBy(() -> mapper.check(record("externalId,mobile\nJD-1,+44\n"), SyncMode.UPDATE_ONLY))
                .hasMessage("type is required");
    }

    @Test
    void theMetadataKeyIsConfigurableAndTheRecordMayNotContradictIt() {
        ComplyCubeClientMapper custom = new ComplyCubeClientMapper("sourceId");
        Record jane = record("externalId,type,email,personDetails.firstName,personDetails.lastName,metadata.sourceId\n"
                + "JD-1,person,jane@example.com,Jane,Doe,JD-1\n");
        custom.check(jane, SyncMode.UPSERT);
        assertThat(sent(custom.createRequest(jane)).get("metadata")).isEqualTo(json("{'sourceId':'JD-1'}"));
        assertThat(custom.lookup(jane).first().query()).isEqualTo("metadata.sourceId=JD-1");
        Record contradicting = record("externalId,type,email,personDetails.firstName,personDetails.lastName,"
                + "metadata.sourceId\nJD-1,person,jane@example.com,Jane,Doe,OTHER\n");
        assertThatThrownBy(() -> custom.check(contradicting, SyncMode.UPSERT)).hasMessage("metadata.sourceId is where"
                + " Ferry keeps the external id (JD-1); leave the column out or give it the same value");
    }

    @Test
    void twentyMetadataKeysFitWhenOneOfThemIsFerrys() {
        StringBuilder header = new StringBuilder("externalId,type,email,personDetails.firstName,personDetails.lastName");
        StringBuilder row = new StringBuilder("JD-1,person,jane@example.com,Jane,Doe");
        for (int i = 1; i <= 19; i++) {
            header.append(",metadata.k").append(i);
            row.append(",v");
        }
        mapper.check(record(header + ",metadata.ferry_external_id\n" + row + ",JD-1\n"), SyncMode.UPSERT);
        assertThatThrownBy(() -> mapper.check(record(header + ",metadata.k20\n" + row + ",v\n"), SyncMode.UPSERT))
                .hasMessageStartingWith("metadata has 21 keys");
    }

    @Test
    void aChangeOfTypeIsRefusedWithTheReason() {
        Record company = record("externalId,type,email,companyDetails.name\nJD-1,company,jane@example.com,Jane Ltd\n");
        mapper.checkKind(company, null);
        mapper.checkKind(company, "company");
        assertThatThrownBy(() -> mapper.checkKind(company, "person")).isInstanceOf(InvalidRecordException.class)
                .hasMessage("type cannot change from person to company; ComplyCube clients keep their type — create a"
                        + " new record with another external id")
                .extracting(e -> ((InvalidRecordException) e).code()).isEqualTo("TYPE_CHANGE");
    }

    @Test
    void theKindIsReadFromClientObjects() {
        assertThat(new ComplyCubeUpsertRules().kind(json("{'id':'a','type':'person'}"))).isEqualTo("person");
        assertThat(new ComplyCubeUpsertRules().kind(json("{'id':'a','type':'robot'}"))).isNull();
        assertThat(new ComplyCubeUpsertRules().kind(null)).isNull();
    }
}
