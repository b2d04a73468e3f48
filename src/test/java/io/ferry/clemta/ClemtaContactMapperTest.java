package io.ferry.clemta;

import static io.ferry.testing.TestRecords.csv;
import static io.ferry.testing.TestRecords.json;
import static io.ferry.testing.TestRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import org.junit.jupiter.api.Test;

class ClemtaContactMapperTest {

    private final ClemtaContactMapper mapper = new ClemtaContactMapper("external_id");

    private static Record record(String csv) {
        return csv(Targets.CLEMTA_CONTACTS, csv);
    }

    @Test
    void johnDoeIsPostedThenPatchedWithTheRequiredFieldsAndWithoutTheExternalId() {
        Record john = record(ClemtaExamples.JOHN_CSV);
        mapper.check(john, SyncMode.UPSERT);
        VendorRequest create = mapper.createRequest(john);
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /contacts");
        assertThat(sent(create)).isEqualTo(json(ClemtaExamples.JOHN_CREATE));

        Record changed = record(ClemtaExamples.JOHN_PATCH_CSV);
        mapper.check(changed, SyncMode.UPSERT);
        VendorRequest patch = mapper.updateRequest(changed, "65f1a2b3c4d5e6f7a8b9c0d1");
        assertThat(patch.method() + " " + patch.path()).isEqualTo("PATCH /contacts/65f1a2b3c4d5e6f7a8b9c0d1");
        assertThat(sent(patch)).isEqualTo(json(ClemtaExamples.JOHN_PATCH));
    }

    @Test
    void anotherExternalIdColumnKeysTheRecordAndIsNotSentEither() {
        ClemtaContactMapper custom = new ClemtaContactMapper("erp_id");
        Record record = csv(Targets.CLEMTA_CONTACTS, "erp_id,type,full_name,email,company_id\n"
                + "E-1,vendor,Ven Dor,ven@example.com,cmp-1\n", false).get(0);
        // The default Targets key on external_id: this record has none, which the mapper reports by its column.
        assertThatThrownBy(() -> custom.check(record, SyncMode.UPSERT)).hasMessage("erp_id is required");
        Record keyed = new Record(record.target(), record.source(), "E-1", record.fields(), null);
        custom.check(keyed, SyncMode.UPSERT);
        assertThat(sent(custom.createRequest(keyed))).isEqualTo(json("{'type':'vendor','full_name':'Ven Dor',"
                + "'email':'ven@example.com','company_id':'cmp-1'}"));
    }

    @Test
    void emptyCellsClearOptionalFieldsOnAPatchAndListsBecomeEmpty() {
        Record cleared = csv(Targets.CLEMTA_CONTACTS, "external_id,type,full_name,email,company_id,description,"
                + "cc_emails,billing.address_2,billing.iso_code\nE-1,customer,Cee,cee@example.com,cmp-1,,,,us\n", true)
                .get(0);
        mapper.check(cleared, SyncMode.UPSERT);
        assertThat(sent(mapper.updateRequest(cleared, "abc"))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com','company_id':'cmp-1','description':null,'cc_emails':[],"
                + "'billing':{'address_2':null,'iso_code':'US'}}"));
        assertThat(sent(mapper.createRequest(cleared))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com','company_id':'cmp-1','billing':{'iso_code':'US'}}"));
    }

    @Test
    void aPatchNeedsTheRequiredFieldsEvenInUpdateOnlyMode() {
        Record partial = record("external_id,type,full_name,email\nE-1,customer,Cee,cee@example.com\n");
        assertThatThrownBy(() -> mapper.check(partial, SyncMode.UPDATE_ONLY)).hasMessage("company_id is required");
    }

    @Test
    void jsonInputMayGiveOneAddressAsText() {
        ObjectNode fields = (ObjectNode) json("{'external_id':'E-1','type':'Vendor','full_name':'Ven',"
                + "'email':'ven@example.com','company_id':'cmp-1','cc_emails':'boss@example.com','billing':{'state':'CA'}}");
        Record record = Record.of(Targets.CLEMTA_CONTACTS, Source.file("f.json", 1), "E-1", fields);
        mapper.check(record, SyncMode.UPSERT);
        assertThat(sent(mapper.createRequest(record))).isEqualTo(json("{'type':'vendor','full_name':'Ven',"
                + "'email':'ven@example.com','company_id':'cmp-1','cc_emails':['boss@example.com'],"
                + "'billing':{'state':'CA'}}"));
        fields.put("billing", "somewhere");
        assertThatThrownBy(() -> mapper.check(record, SyncMode.UPSERT))
                .hasMessage("billing must be an object (CSV columns billing.<field>)");
    }

    @Test
    void theLookupSearchesTheCompanyForTheEmail() {
        Record john = record(ClemtaExamples.JOHN_CSV);
        assertThat(mapper.lookup(john).first().toString())
                .isEqualTo("GET /contacts?company_id=cmp-sandbox-1&search=john.doe%40example.com ");
    }
}
