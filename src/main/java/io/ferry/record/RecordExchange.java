package io.ferry.record;

import org.apache.camel.Exchange;

/** Names of the exchange properties that carry a record's state through the routes. */
public final class RecordExchange {

    /** The {@link Outcome} a target route decided for the record. */
    public static final String OUTCOME = "ferryOutcome";
    /** The record itself, kept while the target route replaces the body with vendor payloads. */
    public static final String RECORD = "ferryRecord";
    /** The report the record's row is written to. */
    public static final String REPORT = "ferryReport";

    private RecordExchange() {
    }

    /** The record of the exchange: the kept property, else the body. */
    public static Record record(Exchange exchange) {
        Record kept = exchange.getProperty(RECORD, Record.class);
        return kept != null ? kept : exchange.getIn().getBody(Record.class);
    }

    public static Outcome outcome(Exchange exchange) {
        return exchange.getProperty(OUTCOME, Outcome.class);
    }

    public static void setOutcome(Exchange exchange, Outcome outcome) {
        exchange.setProperty(OUTCOME, outcome);
    }
}
