package io.ferry.clemta;

import static io.ferry.testing.TestRecords.csv;
import static io.ferry.testing.TestRecords.json;
import static io.ferry.testing.TestRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertMapping;
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

    private static UpsertMapping.Entity contact(String id) {
        return new UpsertMapping.Entity(id, Pinned.NONE, null, false);
    }

    @Test
    void johnDoeIsPostedThenPatchedWithTheRequiredFieldsAndWithoutTheExternalId() {
        Record john = record(ClemtaExamples.JOHN_CSV);
        mapper.check(john);
        assertThat(mapper.missingForCreate(john)).isEmpty();
        VendorRequest create = mapper.createRequest(john);
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /contacts");
        assertThat(sent(create)).isEqualTo(json(ClemtaExamples.JOHN_CREATE));

        Record changed = record(ClemtaExamples.JOHN_PATCH_CSV);
        mapper.check(changed);
        VendorRequest patch = mapper.updateRequest(changed, contact("65f1a2b3c4d5e6f7a8b9c0d1"));
        assertThat(patch.method() + " " + patch.path()).isEqualTo("PATCH /contacts/65f1a2b3c4d5e6f7a8b9c0d1");
        assertThat(sent(patch)).isEqualTo(json(ClemtaExamples.JOHN_PATCH));
    }

    @Test
    void anotherExternalIdColumnKeysTheRecordAndIsNotSentEither() {
        ClemtaContactMapper custom = new ClemtaContactMapper("erp_id");
        Record record = csv(Targets.CLEMTA_CONTACTS, "erp_id,type,full_name,email,company_id\n"
                + "E-1,vendor,Ven Dor,ven@example.com,cmp-1\n", false).get(0);
        // The default Targets key on external_id: this record has none, which the mapper reports by its column.
        assertThatThrownBy(() -> custom.check(record)).hasMessage("erp_id is required");
        Record keyed = Record.of(record.target(), record.source(), "E-1", record.fields());
        custom.check(keyed);
        assertThat(sent(custom.createRequest(keyed))).isEqualTo(json("{'type':'vendor','full_name':'Ven Dor',"
                + "'email':'ven@example.com','company_id':'cmp-1'}"));
    }

    @Test
    void nullsClearOnlyConfiguredFieldsOnAPatchAndAClearedListIsSentEmpty() {
        Record cleared = csv(Targets.CLEMTA_CONTACTS, "external_id,type,full_name,email,company_id,description,"
                + "cc_emails,billing.address_2,billing.iso_code\nE-1,customer,Cee,cee@example.com,cmp-1,,,,us\n", true)
                .get(0);
        mapper.check(cleared);
        assertThat(sent(mapper.updateRequest(cleared, contact("abc")))).isEqualTo(json("{'type':'customer',"
                + "'full_name':'Cee','email':'cee@example.com','company_id':'cmp-1','billing':{'iso_code':'US'}}"));
        ClemtaContactMapper clearing = new ClemtaContactMapper("external_id", ClemtaContactMapper.REQUIRED,
                ClemtaContactMapper.BillingPatch.MERGE, ClearableFields.of("clemta.clear-fields",
                        java.util.List.of("description", "cc_emails", "billing.address_2"), ClemtaContactMapper.CLEARABLE));
        assertThat(sent(clearing.updateRequest(cleared, contact("abc")))).isEqualTo(json("{'type':'customer',"
                + "'full_name':'Cee','email':'cee@example.com','company_id':'cmp-1','description':null,'cc_emails':[],"
                + "'billing':{'address_2':null,'iso_code':'US'}}"));
        assertThat(sent(clearing.createRequest(cleared))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com','company_id':'cmp-1','billing':{'iso_code':'US'}}"));
    }

    @Test
    void aPartialRecordIsPatchedWithTheRequiredFieldsFromTheContactAndItsCompanyFromTheIdMap() {
        Record phone = record("external_id,billing.phone\nE-1,5550199\n");
        mapper.check(phone);
        assertThat(mapper.missingForCreate(phone)).containsExactly("type", "full_name", "email", "company_id");
        Pinned company = Pinned.NONE.with("company_id", "cmp-1");
        UpsertMapping.Entity known = new UpsertMapping.Entity("abc", company, null, false);
        assertThat(mapper.readBeforeUpdate(phone, known).toString()).isEqualTo("GET /contacts/abc ");
        UpsertMapping.Entity read = new UpsertMapping.Entity("abc", company, json("{'success':true,'data':{'id':'abc',"
                + "'type':'customer','full_name':'Cee','email':'cee@example.com','status':'active',"
                + "'billing':{'phone':'5550100','iso_code':'US','address_1':'1 Main St'}}}"), false);
        // Clemta may replace the billing object as a whole: the contact's keys go along under the record's.
        assertThat(sent(mapper.updateRequest(phone, read))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com','company_id':'cmp-1',"
                + "'billing':{'phone':'5550199','iso_code':'US','address_1':'1 Main St'}}"));
        ClemtaContactMapper merging = new ClemtaContactMapper("external_id", ClemtaContactMapper.REQUIRED,
                ClemtaContactMapper.BillingPatch.MERGE, ClearableFields.NONE);
        assertThat(sent(merging.updateRequest(phone, read))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com','company_id':'cmp-1','billing':{'phone':'5550199'}}"));
    }

    @Test
    void aRecordWithTheRequiredFieldsAndTheWholeBillingIsPatchedWithoutARead() {
        Record john = record(ClemtaExamples.JOHN_CSV.replace(",,CA,,", ",Downtown,CA,California,"));
        assertThat(mapper.readBeforeUpdate(john, contact("abc"))).isNull();
        // A billing of only some keys is read first, as Clemta may replace it.
        assertThat(mapper.readBeforeUpdate(record(ClemtaExamples.JOHN_CSV), contact("abc"))).isNotNull();
        assertThat(new ClemtaContactMapper("external_id", ClemtaContactMapper.REQUIRED,
                ClemtaContactMapper.BillingPatch.MERGE, ClearableFields.NONE)
                .readBeforeUpdate(record(ClemtaExamples.JOHN_CSV), contact("abc"))).isNull();
    }

    @Test
    void aRequiredFieldNobodyHasRejectsThePatchNamingIt() {
        Record phone = record("external_id,full_name\nE-1,Cee\n");
        UpsertMapping.Entity read = new UpsertMapping.Entity("abc", Pinned.NONE, json("{'data':{'id':'abc',"
                + "'type':'customer','full_name':'Cee','email':'cee@example.com'}}"), false);
        assertThatThrownBy(() -> mapper.updateRequest(phone, read)).hasMessage("company_id is required on every"
                + " Clemta PATCH (clemta.patch-required-fields), and neither the record nor Ferry's id map has it");
        // Configured as not required, it is left out.
        ClemtaContactMapper lenient = new ClemtaContactMapper("external_id", java.util.List.of("type", "full_name",
                "email"), ClemtaContactMapper.BillingPatch.REPLACE, ClearableFields.NONE);
        assertThat(sent(lenient.updateRequest(phone, read))).isEqualTo(json("{'type':'customer','full_name':'Cee',"
                + "'email':'cee@example.com'}"));
        assertThatThrownBy(() -> new ClemtaContactMapper("external_id", java.util.List.of("status"),
                ClemtaContactMapper.BillingPatch.REPLACE, ClearableFields.NONE)).hasMessage("configuration"
                + " clemta.patch-required-fields may list type, full_name, email, company_id, not 'status'");
    }

    @Test
    void theCompanyIsKeptForGood() {
        Record moved = record("external_id,company_id\nE-1,cmp-2\n");
        assertThat(mapper.pinned(moved).values()).containsExactly(java.util.Map.entry("company_id", "cmp-2"));
        assertThat(mapper.pinnedChange(moved, "company_id", "cmp-1", "cmp-2").code()).isEqualTo("COMPANY_MISMATCH");
    }

    @Test
    void jsonInputMayGiveOneAddressAsText() {
        ObjectNode fields = (ObjectNode) json("{'external_id':'E-1','type':'Vendor','full_name':'Ven',"
                + "'email':'ven@example.com','company_id':'cmp-1','cc_emails':'boss@example.com','billing':{'state':'CA'}}");
        Record record = Record.of(Targets.CLEMTA_CONTACTS, Source.file("f.json", 1), "E-1", fields);
        mapper.check(record);
        assertThat(sent(mapper.createRequest(record))).isEqualTo(json("{'type':'vendor','full_name':'Ven',"
                + "'email':'ven@example.com','company_id':'cmp-1','cc_emails':['boss@example.com'],"
                + "'billing':{'state':'CA'}}"));
        fields.put("billing", "somewhere");
        assertThatThrownBy(() -> mapper.check(record))
                .hasMessage("billing must be an object (CSV columns billing.<field>)");
    }

    @Test
    void theLookupSearchesTheCompanyForTheEmailAndNeedsBoth() {
        Record john = record(ClemtaExamples.JOHN_CSV);
        assertThat(mapper.lookup(john).first().toString())
                .isEqualTo("GET /contacts?company_id=cmp-sandbox-1&search=john.doe%40example.com ");
        assertThat(mapper.lookup(record("external_id,email\nE-1,a@example.com\n"))).isNull();
    }
}
