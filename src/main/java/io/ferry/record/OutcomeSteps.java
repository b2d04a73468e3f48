package io.ferry.record;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Route steps that decide an outcome without a vendor: malformed input, or an error nobody else handled. */
public final class OutcomeSteps {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeSteps.class);

    /**
     * The record route's test for a malformed record (its body), as a Predicate bean that the route names with the ref
     * language: a method expression would copy the whole exchange for every record.
     */
    public static final Predicate MALFORMED = exchange -> exchange.getIn().getBody(Record.class).isMalformed();

    public void malformed(Exchange exchange) {
        Record record = exchange.getIn().getBody(Record.class);
        RecordExchange.setOutcome(exchange, Outcome.rejected("MALFORMED_ROW", record.problem()));
    }

    /** The last resort: an unexpected error becomes a failed outcome naming the error type, never its raw text. */
    public void unexpected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String type = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        Record record = RecordExchange.record(exchange);
        LOG.error("{}: unexpected {} while delivering: {}", record == null ? "a record" : record.source(), type,
                cause == null ? "" : cause.getMessage());
        RecordExchange.setOutcome(exchange, Outcome.failed(null, "INTERNAL_ERROR", "unexpected " + type
                + " while delivering; see the log"));
    }
}
