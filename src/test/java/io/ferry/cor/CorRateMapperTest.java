package io.ferry.cor;

import static io.ferry.cor.CorRecords.json;
import static io.ferry.cor.CorRecords.record;
import static io.ferry.cor.CorRecords.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.cor.CorRateMapper.RateItem;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorRateMapperTest {

    private final CorRateMapper mapper = new CorRateMapper(new CorSources("GLOBANT"), "USD");

    @Test
    void documentedExampleItemAndBody() {
        RateItem item = mapper.map(record(Targets.COR_EXCHANGE_RATES, "{'foreign_currency':'USD','base_currency':'ARS',"
                + "'amount':'100','factor':'1','effective_date':'2025-03-20T02:00:00Z',"
                + "'metadata':{'last_updated_datetime':'2025-03-20T02:00:00Z','rate_type':'EURX'}}"));
        assertThat(sent(VendorRequest.post(CorRateMapper.PATH, CorRateMapper.body(item.source(), List.of(item))))).isEqualTo(json(
                "{'metadata':{'source':'GLOBANT'},'currency_exchanges':[{'foreign_currency':'USD','base_currency':'ARS',"
                + "'amount':100,'factor':1,'effective_date':'2025-03-20T02:00:00Z',"
                + "'metadata':{'last_updated_datetime':'2025-03-20T02:00:00Z','rate_type':'EURX'}}]}"));
        assertThat(item.day()).isEqualTo("2025-03-20");
    }

    @Test
    void baseCurrencyDefaultsToTheConfiguredOneAndTheRecordSourceGoesToTheBatch() {
        RateItem item = mapper.map(record(Targets.COR_EXCHANGE_RATES, "{'foreign_currency':'eur','amount':'1.08',"
                + "'factor':'1','effective_date':'2025-03-20','metadata':{'source':'SAP'}}"));
        assertThat(item.source()).isEqualTo("SAP");
        assertThat(sent(VendorRequest.post(CorRateMapper.PATH, item.item()))).isEqualTo(json("{'foreign_currency':'EUR',"
                + "'base_currency':'USD','amount':1.08,'factor':1,'effective_date':'2025-03-20'}"));
    }

    @Test
    void eachFieldIsValidatedByName() {
        assertRejected("{'amount':'1','factor':'1','effective_date':'2025-03-20'}", "foreign_currency is required");
        assertRejected("{'foreign_currency':'EUR','factor':'1','effective_date':'2025-03-20'}", "amount is required");
        assertRejected("{'foreign_currency':'EUR','amount':'0','factor':'1','effective_date':'2025-03-20'}",
                "amount must be greater than 0");
        assertRejected("{'foreign_currency':'EUR','amount':'1','factor':'1,5','effective_date':'2025-03-20'}",
                "factor must be a number");
        assertRejected("{'foreign_currency':'EUR','amount':'1','factor':'1','effective_date':'20/03/2025'}",
                "effective_date must be YYYY-MM-DD or an ISO 8601 date-time");
        assertThatThrownBy(() -> new CorRateMapper(new CorSources("GLOBANT"), null).map(record(Targets.COR_EXCHANGE_RATES,
                "{'foreign_currency':'EUR','amount':'1','factor':'1','effective_date':'2025-03-20'}")))
                .hasMessage("base_currency is required (or set a default with cor.base-currency)");
    }

    private void assertRejected(String fields, String message) {
        assertThatThrownBy(() -> mapper.map(record(Targets.COR_EXCHANGE_RATES, fields)))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith(message);
    }
}
