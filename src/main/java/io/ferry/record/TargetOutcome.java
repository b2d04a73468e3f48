package io.ferry.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Brings what a target route decided back into the record's exchange: its outcome, or the exception it did not
 * handle. The target route runs on a copy (the record route enriches from it), so an exception the target's own
 * error handler handled (e.g. retries exhausted) cannot stop the record route before the report row is written.
 */
public final class TargetOutcome implements AggregationStrategy {

    /**
     * Where the deliver route enriches from: the record's target route, {@code direct:<target>}, as the endpoint itself
     * (one per target, looked up once per context). An Expression bean (the route names it with the ref language):
     * {@code ${body.target}} in simple would call the getter through a bean expression, which copies the whole
     * exchange for every record, and a URI string would be parsed and normalised again for every record.
     */
    public static Expression route() {
        Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                String target = exchange.getIn().getBody(Record.class).target();
                return endpoints.computeIfAbsent(target, t -> exchange.getContext().getEndpoint("direct:" + t));
            }
        };
    }

    @Override
    public Exchange aggregate(Exchange record, Exchange target) {
        if (target == null) {
            return record;
        }
        if (target.getException() != null) {
            record.setException(target.getException());
        }
        Outcome outcome = RecordExchange.outcome(target);
        if (outcome != null) {
            RecordExchange.setOutcome(record, outcome);
        }
        return record;
    }
}
