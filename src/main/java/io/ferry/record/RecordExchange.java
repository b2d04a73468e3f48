package io.ferry.record;

import org.apache.camel.Exchange;

/** Names of the exchange properties that carry a record's state through the routes. */
public final class RecordExchange {

    /** The {@link Outcome} a target route decided for the record. */
    public static final String OUTCOME = "ferryOutcome";
    /** The report the record's row is written to. */
    public static final String REPORT = "ferryReport";

    private RecordExchange() {
    }

    public static Outcome outcome(Exchange exchange) {
        return exchange.getProperty(OUTCOME, Outcome.class);
    }

    public static void setOutcome(Exchange exchange, Outcome outcome) {
        exchange.setProperty(OUTCOME, outcome);
    }
}
