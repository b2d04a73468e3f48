package io.ferry.complycube;

import static io.ferry.testing.TestRecords.csv;
import static io.ferry.testing.TestRecords.json;
import static io.ferry.testing.TestRecords.sent;
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

class ComplyCubeClientMapperTest {

    private final ComplyCubeClientMapper mapper = new ComplyCubeClientMapper("ferry_external_id");

    private static Record record(String csv) {
        return csv(Targets.COMPLYCUBE_CLIENTS, csv);
    }

    private static UpsertMapping.Entity client(String id) {
        return new UpsertMapping.Entity(id, Pinned.NONE, null, false);
    }

    @Test
    void janeDoeIsCreatedWithTypeAndUpdatedByIdWithoutIt() {
        Record jane = record(ComplyCubeExamples.JANE_CSV);
        mapper.check(jane);
        assertThat(mapper.missingForCreate(jane)).isEmpty();
        VendorRequest create = mapper.createRequest(jane);
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /clients");
        assertThat(sent(create)).isEqualTo(json(ComplyCubeExamples.JANE_CREATE));

        Record changed = record(ComplyCubeExamples.JANE_UPDATE_CSV);
        mapper.check(changed);
        VendorRequest update = mapper.updateRequest(changed, client("5f1a2b3c4d5e6f7a8b9c0d1e"));
        assertThat(update.method() + " " + update.path()).isEqualTo("POST /clients/5f1a2b3c4d5e6f7a8b9c0d1e");
        assertThat(sent(update)).isEqualTo(json(ComplyCubeExamples.JANE_UPDATE));
    }

    @Test
    void theDocumentedUpdateNeedsNoTypeAndSendsExactlyItsFields() {
        Record update = record("externalId,email,personDetails.firstName,personDetails.lastName,personDetails.dob,"
                + "personDetails.nationality\nJD-1,jane.doe@example.com,Jane,Doe,1995-12-20,US\n");
        mapper.check(update);
        assertThat(mapper.missingForCreate(update)).containsExactly("type");
        assertThat(mapper.pinned(update).values()).containsExactly(java.util.Map.entry("type", "person"));
        assertThat(sent(mapper.updateRequest(update, client("abc")))).isEqualTo(json("{'email':'jane.doe@example.com',"
                + "'personDetails':{'firstName':'Jane','lastName':'Doe','dob':'1995-12-20','nationality':'US'}}"));
    }

    @Test
    void aClientFoundByEmailIsLinkedToTheRecordByItsUpdate() {
        Record partial = record("externalId,mobile,metadata.segment\nJD-1,+447700900124,retail\n");
        assertThat(sent(mapper.updateRequest(partial, new UpsertMapping.Entity("abc", Pinned.NONE, null, true))))
                .isEqualTo(json("{'mobile':'+447700900124','externalId':'JD-1',"
                        + "'metadata':{'segment':'retail','ferry_external_id':'JD-1'}}"));
    }

    @Test
    void aCompanySendsCompanyDetailsOnly() {
        Record acme = record("externalId,type,email,companyDetails.name,companyDetails.website,"
                + "companyDetails.registrationNumber,companyDetails.incorporationCountry,companyDetails.incorporationType\n"
                + "AC-1,Company,kyc@acme.example,Acme Ltd,https://acme.example,01234567,gb,private_limited_company\n");
        mapper.check(acme);
        assertThat(sent(mapper.createRequest(acme))).isEqualTo(json("{'type':'company','email':'kyc@acme.example',"
                + "'externalId':'AC-1','companyDetails':{'name':'Acme Ltd','website':'https://acme.example',"
                + "'registrationNumber':'01234567','incorporationCountry':'GB',"
                + "'incorporationType':'private_limited_company'},'metadata':{'ferry_external_id':'AC-1'}}"));
    }

    @Test
    void detailsOfTheOtherKindThanTheTypeAreRefused() {
        assertThatThrownBy(() -> mapper.check(record("externalId,type,personDetails.firstName\nAC-1,company,Jo\n")))
                .hasMessage("type is company, but the record has personDetails");
        assertThatThrownBy(() -> mapper.check(record("externalId,personDetails.firstName,companyDetails.name\n"
                + "AC-1,Jo,Acme\n"))).hasMessage("the record has both personDetails and companyDetails; a ComplyCube"
                + " client is a person or a company");
    }

    @Test
    void nullsClearOnlyConfiguredFieldsOnUpdatesAndNeverRequiredOnes() {
        String text = "externalId,type,email,mobile,personDetails.firstName,personDetails.lastName,personDetails.dob,"
                + "metadata.segment\nJD-1,person,,,Jane,Doe,,\n";
        Record cleared = csv(Targets.COMPLYCUBE_CLIENTS, text, true).get(0);
        mapper.check(cleared);
        assertThat(sent(mapper.updateRequest(cleared, client("abc")))).isEqualTo(json(
                "{'personDetails':{'firstName':'Jane','lastName':'Doe'}}"));
        ComplyCubeClientMapper clearing = new ComplyCubeClientMapper("ferry_external_id", true, ClearableFields.of(
                "complycube.clear-fields", java.util.List.of("mobile", "personDetails.dob", "metadata.*"),
                ComplyCubeClientMapper.CLEARABLE));
        assertThat(sent(clearing.updateRequest(cleared, client("abc")))).isEqualTo(json("{'mobile':null,"
                + "'personDetails':{'firstName':'Jane','lastName':'Doe','dob':null},'metadata':{'segment':null}}"));
        assertThatThrownBy(() -> ClearableFields.of("complycube.clear-fields", java.util.List.of("email"),
                ComplyCubeClientMapper.CLEARABLE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCreateNeedsTypeEmailAndNamesButAnUpdateNone() {
        Record partial = record("externalId,type,mobile\nJD-1,person,+447700900124\n");
        mapper.check(partial);
        assertThat(mapper.missingForCreate(partial)).containsExactly("email", "personDetails.firstName",
                "personDetails.lastName");
        assertThat(sent(mapper.updateRequest(partial, client("abc")))).isEqualTo(json("{'mobile':'+447700900124'}"));
        assertThat(mapper.missingForCreate(record("externalId,mobile\nJD-1,+44\n"))).containsExactly("type", "email");
        assertThat(new ComplyCubeClientMapper("k", false, ClearableFields.NONE)
                .missingForCreate(record("externalId,type,companyDetails.name\nJD-1,company,Acme\n"))).isEmpty();
    }

    @Test
    void theMetadataKeyIsConfigurableAndTheRecordMayNotContradictIt() {
        ComplyCubeClientMapper custom = new ComplyCubeClientMapper("sourceId");
        Record jane = record("externalId,type,email,personDetails.firstName,personDetails.lastName,metadata.sourceId\n"
                + "JD-1,person,jane@example.com,Jane,Doe,JD-1\n");
        custom.check(jane);
        assertThat(sent(custom.createRequest(jane)).get("metadata")).isEqualTo(json("{'sourceId':'JD-1'}"));
        assertThat(custom.lookup(jane).first().query()).isEqualTo("metadata.sourceId=JD-1");
        Record contradicting = record("externalId,type,email,personDetails.firstName,personDetails.lastName,"
                + "metadata.sourceId\nJD-1,person,jane@example.com,Jane,Doe,OTHER\n");
        assertThatThrownBy(() -> custom.check(contradicting)).hasMessage("metadata.sourceId is where"
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
        mapper.check(record(header + ",metadata.ferry_external_id\n" + row + ",JD-1\n"));
        assertThatThrownBy(() -> mapper.check(record(header + ",metadata.k20\n" + row + ",v\n")))
                .hasMessageStartingWith("metadata has 21 keys");
    }

    @Test
    void aChangeOfTypeIsRefusedWithTheReason() {
        Record company = record("externalId,type,email,companyDetails.name\nJD-1,company,jane@example.com,Jane Ltd\n");
        assertThat(mapper.pinned(company).values()).containsExactly(java.util.Map.entry("type", "company"));
        InvalidRecordException change = mapper.pinnedChange(company, "type", "person", "company");
        assertThat(change.code()).isEqualTo("TYPE_IMMUTABLE");
        assertThat(change.getMessage()).isEqualTo("type is company (from the record's type or its companyDetails), but"
                + " the ComplyCube client of JD-1 is a person; ComplyCube never changes a client's type (give the"
                + " record another external id to create a new client)");
    }

    @Test
    void theTypeIsReadFromClientObjects() {
        assertThat(new ComplyCubeUpsertRules().pinned(json("{'id':'a','type':'person'}")).get("type"))
                .isEqualTo("person");
        assertThat(new ComplyCubeUpsertRules().pinned(json("{'id':'a','type':'robot'}"))).isEqualTo(Pinned.NONE);
        assertThat(new ComplyCubeUpsertRules().pinned(null)).isEqualTo(Pinned.NONE);
    }
}
