package io.ferry.testing;

import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import org.apache.camel.Exchange;

/**
 * Stands in for a vendor in intake tests: a record with a name is "created", one without is rejected, and one named
 * EXPLODE makes the target route throw, as a bug or a broken store would.
 */
public class StubTarget {

    public void deliver(Exchange exchange) {
        Record record = exchange.getIn().getBody(Record.class);
        if ("EXPLODE".equals(record.fields().path("name").asText())) {
            throw new IllegalStateException("the stub target exploded on " + record.externalId());
        }
        if (!record.fields().hasNonNull("name")) {
            RecordExchange.setOutcome(exchange, Outcome.rejected("MISSING_FIELD", "name is required"));
        } else {
            RecordExchange.setOutcome(exchange, Outcome.delivered(Outcome.Status.CREATED, 200, "stub-" + record.externalId()));
        }
    }
}
