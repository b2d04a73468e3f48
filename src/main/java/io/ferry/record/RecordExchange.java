package io.ferry.record;

import org.apache.camel.Exchange;

/** Names of the exchange properties that carry a record's state through the routes. */
public final class RecordExchange {

    /** The {@link Outcome} a target route decided for the record. */
    public static final String OUTCOME = "ferryOutcome";
    /** True when the record's input is a dry run: the target routes say what they would send, and send nothing. */
    public static final String DRY_RUN = "ferryDryRun";
    /** The report the record's row is written to. */
    public static final String REPORT = "ferryReport";
    /** The {@link Record} itself, kept while target routes replace the body with vendor payloads. */
    public static final String RECORD = "ferryRecord";

    private RecordExchange() {
    }

    public static boolean isDryRun(Exchange exchange) {
        return exchange.getProperty(DRY_RUN, false, Boolean.class);
    }

    public static Outcome outcome(Exchange exchange) {
        return exchange.getProperty(OUTCOME, Outcome.class);
    }

    public static void setOutcome(Exchange exchange, Outcome outcome) {
        exchange.setProperty(OUTCOME, outcome);
    }

    /** The exchange's record: the {@link #RECORD} property, else the body (before the record route kept it). */
    public static Record record(Exchange exchange) {
        Record record = exchange.getProperty(RECORD, Record.class);
        return record != null ? record : exchange.getIn().getBody(Record.class);
    }
}
