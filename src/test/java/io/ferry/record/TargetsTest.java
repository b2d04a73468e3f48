package io.ferry.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Targets targets = Targets.defaults("external_id");

    private static ObjectNode fields(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void aSingleKeyIsItsTrimmedText() throws Exception {
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"id\": \"  SF-1 \"}"))).isEqualTo("SF-1");
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"id\": 42}"))).isEqualTo("42");
        assertThat(targets.externalId(Targets.CLEMTA_CONTACTS, fields("{\"external_id\": \"C-9\"}"))).isEqualTo("C-9");
    }

    @Test
    void aMissingBlankNullOrNestedKeyGivesNoId() throws Exception {
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"name\": \"x\"}"))).isNull();
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"id\": \"   \"}"))).isNull();
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"id\": null}"))).isNull();
        assertThat(targets.externalId(Targets.COR_CLIENTS, fields("{\"id\": {\"a\": 1}}"))).isNull();
        assertThat(targets.externalId("no-such-target", fields("{\"id\": \"SF-1\"}"))).isNull();
    }

    @Test
    void severalKeysAreJoinedWithSlashesAndAllAreRequired() throws Exception {
        assertThat(targets.externalId(Targets.COR_EXCHANGE_RATES,
                fields("{\"foreign_currency\": \" EUR\", \"effective_date\": \"2026-01-31 \"}")))
                .isEqualTo("EUR/2026-01-31");
        assertThat(targets.externalId(Targets.COR_EXCHANGE_RATES,
                fields("{\"foreign_currency\": \"EUR\", \"effective_date\": \"\"}"))).isNull();
        assertThat(targets.externalId(Targets.COR_EXCHANGE_RATES, fields("{\"effective_date\": \"2026-01-31\"}")))
                .isNull();
    }
}
