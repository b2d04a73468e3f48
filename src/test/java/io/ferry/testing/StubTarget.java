package io.ferry.testing;

import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Stands in for a vendor in intake tests: a record with its target's main field is "created", one without is
 * rejected, and one named EXPLODE makes the target route throw, as a bug or a broken store would.
 */
public class StubTarget {

    private static final Map<String, String> REQUIRED = Map.of("cor-clients", "name", "cor-contracts", "name",
            "cor-exchange-rates", "foreign_currency", "complycube-clients", "email", "clemta-contacts", "full_name");

    public void deliver(Exchange exchange) {
        Record record = exchange.getIn().getBody(Record.class);
        if ("EXPLODE".equals(record.fields().path("name").asText())) {
            throw new IllegalStateException("the stub target exploded on " + record.externalId());
        }
        String required = REQUIRED.get(record.target());
        if (!record.fields().hasNonNull(required)) {
            RecordExchange.setOutcome(exchange, Outcome.rejected("MISSING_FIELD", required + " is required"));
        } else {
            RecordExchange.setOutcome(exchange, Outcome.delivered(Outcome.Status.CREATED, 200, "stub-" + record.externalId()));
        }
    }
}
