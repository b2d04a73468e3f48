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

class CorContractMapperTest {

    private final CorContractMapper mapper = new CorContractMapper(new CorSources("SALESFORCE"), "currency");
    private static final UpsertMapping.Entity BY_EXTERNAL_ID = new UpsertMapping.Entity(null, Pinned.NONE, null, false);

    @Test
    void documentedCreateExampleIsSentExactlyWithValueAsANumber() {
        Record record = csv(Targets.COR_CONTRACTS, CorExamples.CONTRACT_CSV);
        mapper.check(record);
        assertThat(mapper.missingForCreate(record)).isEmpty();
        VendorRequest request = mapper.createRequest(record);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/contracts");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CONTRACT_CREATE));
        assertThat(sent(request).get("value").isNumber()).isTrue();
        assertThat(new String(request.bodyBytes())).contains("\"value\":12000.50");
    }

    @Test
    void documentedUpdateExampleHasNoIdAndNoClientId() {
        Record record = csv(Targets.COR_CONTRACTS, CorExamples.CONTRACT_UPDATE_CSV);
        VendorRequest request = mapper.updateRequest(record, BY_EXTERNAL_ID);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/contracts/CT-2001");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CONTRACT_UPDATE));
    }

    @Test
    void aPartialUpdateNeedsNeitherNameNorClientId() {
        Record partial = record(Targets.COR_CONTRACTS,
                "{'id':'K1','metadata':{'source':'SALESFORCE'},'status':'completed','end_date':'2025-06-30','value':60000}");
        mapper.check(partial);
        assertThat(mapper.missingForCreate(partial)).containsExactly("name", "client_id");
        assertThat(sent(mapper.updateRequest(partial, BY_EXTERNAL_ID))).isEqualTo(json(
                "{'metadata':{'source':'SALESFORCE'},'status':'completed','end_date':'2025-06-30','value':60000}"));
    }

    @Test
    void theClientIdIsKeptForGoodAndAnotherIsNamedInTheRejection() {
        Record moved = record(Targets.COR_CONTRACTS, "{'id':'K1','client_id':'C2'}");
        assertThat(mapper.pinned(moved).values()).containsOnly(java.util.Map.entry("metadata.source", "SALESFORCE"),
                java.util.Map.entry("client_id", "C2"));
        InvalidRecordException change = mapper.pinnedChange(moved, "client_id", "C1", "C2");
        assertThat(change.code()).isEqualTo("CLIENT_ID_MISMATCH");
        assertThat(change.getMessage()).isEqualTo("client_id is C2, but contract K1 was created under client C1; COR's"
                + " contract update has no client_id, so a contract cannot move to another client (leave client_id"
                + " out, or give C1)");
        // A record without client_id pins only its source.
        assertThat(mapper.pinned(record(Targets.COR_CONTRACTS, "{'id':'K1'}")).values()).containsOnlyKeys(
                "metadata.source");
    }

    @Test
    void typedFieldsAreNeverSentAsNullAndAnUpdateThatWouldClearOneIsRejected() {
        Record clearsEnd = record(Targets.COR_CONTRACTS, "{'id':'K1','name':'N','client_id':'C1','end_date':null}");
        mapper.check(clearsEnd);
        // A create has nothing to clear: the null is left out.
        assertThat(sent(mapper.createRequest(clearsEnd))).isEqualTo(json(
                "{'metadata':{'source':'SALESFORCE'},'id':'K1','name':'N','client_id':'C1'}"));
        for (String field : CorContractMapper.TYPED) {
            Record clears = record(Targets.COR_CONTRACTS, "{'id':'K1','" + field + "':null}");
            assertThatThrownBy(() -> mapper.updateRequest(clears, BY_EXTERNAL_ID))
                    .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                        assertThat(e.code()).isEqualTo("CANNOT_CLEAR");
                        assertThat(e.getMessage()).isEqualTo(field + " is empty, and COR validates " + field
                                + " on every update, so it cannot be cleared; leave the field out to keep the value"
                                + " COR has");
                    });
        }
        assertThatThrownBy(() -> ClearableFields.of("cor.contracts.clear-fields", java.util.List.of("end_date"),
                CorContractMapper.CLEARABLE)).isInstanceOf(IllegalArgumentException.class);
        CorContractMapper clearing = new CorContractMapper(new CorSources("SALESFORCE"), "currency",
                ClearableFields.of("cor.contracts.clear-fields", java.util.List.of("description"),
                        CorContractMapper.CLEARABLE));
        assertThat(sent(clearing.updateRequest(record(Targets.COR_CONTRACTS, "{'id':'K1','description':null}"),
                BY_EXTERNAL_ID))).isEqualTo(json("{'metadata':{'source':'SALESFORCE'},'description':null}"));
    }

    @Test
    void currencyGoesOutUnderTheConfiguredFieldName() {
        CorContractMapper other = new CorContractMapper(new CorSources("SALESFORCE"), "currency_iso");
        Record record = record(Targets.COR_CONTRACTS, "{'id':'K1','name':'N','client_id':'C1','currency':'eur'}");
        assertThat(sent(other.createRequest(record))).isEqualTo(json(
                "{'metadata':{'source':'SALESFORCE'},'id':'K1','name':'N','client_id':'C1','currency_iso':'EUR'}"));
    }

    @Test
    void datesMustBeRealCalendarDatesInOrder() {
        assertRejected("{'id':'K1','name':'N','client_id':'C1','start_date':'2025-02-30'}", "INVALID_FIELD",
                "start_date must be YYYY-MM-DD, got '2025-02-30'");
        assertRejected("{'id':'K1','name':'N','client_id':'C1','end_date':'31/12/2025'}", "INVALID_FIELD",
                "end_date must be YYYY-MM-DD, got '31/12/2025'");
        assertRejected("{'id':'K1','name':'N','client_id':'C1','start_date':'2025-03-01','end_date':'2025-02-28'}",
                "INVALID_FIELD", "end_date is before start_date");
        mapper.check(record(Targets.COR_CONTRACTS,
                "{'id':'K1','name':'N','client_id':'C1','start_date':'2024-02-29','end_date':'2024-02-29'}"));
    }

    @Test
    void valueMustBeAPlainNumber() {
        assertRejected("{'id':'K1','name':'N','client_id':'C1','value':'1,000.50'}", "INVALID_FIELD",
                "value must be a number such as 1500.50 (no thousands separators), got '1,000.50'");
        assertRejected("{'id':'K1','name':'N','client_id':'C1','value':'ten'}", "INVALID_FIELD", "value must be a number");
        Record json = record(Targets.COR_CONTRACTS, "{'id':'K1','name':'N','client_id':'C1','value':250}");
        assertThat(sent(mapper.createRequest(json)).get("value").intValue()).isEqualTo(250);
    }

    @Test
    void idAndCurrencyAreCheckedNamingTheField() {
        assertRejected("{'name':'N','client_id':'C1'}", "MISSING_FIELD", "id is required");
        assertRejected("{'id':'K1','name':'N','client_id':'C1','currency':'EURO'}", "INVALID_FIELD",
                "currency must be a three-letter ISO 4217 code such as EUR, got 'EURO'");
    }

    private void assertRejected(String fields, String code, String message) {
        assertThatThrownBy(() -> mapper.check(record(Targets.COR_CONTRACTS, fields)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
