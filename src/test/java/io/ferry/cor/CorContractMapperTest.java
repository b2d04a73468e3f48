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

class CorContractMapperTest {

    private final CorContractMapper mapper = new CorContractMapper(new CorSources("SALESFORCE"), "currency");

    @Test
    void documentedCreateExampleIsSentExactlyWithValueAsANumber() {
        Record record = csv(Targets.COR_CONTRACTS, CorExamples.CONTRACT_CSV);
        mapper.check(record, SyncMode.UPSERT);
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
        VendorRequest request = mapper.updateRequest(record);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/contracts/CT-2001");
        assertThat(sent(request)).isEqualTo(json(CorExamples.CONTRACT_UPDATE));
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
                "{'id':'K1','name':'N','client_id':'C1','start_date':'2024-02-29','end_date':'2024-02-29'}"), SyncMode.UPSERT);
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
    void requiredFieldsAndCurrencyAreCheckedNamingTheField() {
        assertRejected("{'id':'K1','client_id':'C1'}", "MISSING_FIELD", "name is required");
        assertRejected("{'id':'K1','name':'N'}", "MISSING_FIELD", "client_id is required");
        assertRejected("{'name':'N','client_id':'C1'}", "MISSING_FIELD", "id is required");
        assertRejected("{'id':'K1','name':'N','client_id':'C1','currency':'EURO'}", "INVALID_FIELD",
                "currency must be a three-letter ISO 4217 code such as EUR, got 'EURO'");
    }

    private void assertRejected(String fields, String code, String message) {
        assertThatThrownBy(() -> mapper.check(record(Targets.COR_CONTRACTS, fields), SyncMode.UPSERT))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
