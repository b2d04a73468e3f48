package io.ferry.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Predicate;

/**
 * The record route's park steps (records.camel.yaml): the test for a record that must go on the dead-letter queue, and
 * the step that turns the exchange into its dead-letter message for the jms endpoint that follows. The message is the
 * one {@link DeadLetterQueue} reads back: the record as JSON, and {@link ParkedRecord}'s properties as headers.
 */
public final class DeadLetterMessage {

    /**
     * The test: the record's outcome parks it (parked, or failed). A Predicate bean for the ref language, as
     * {@link io.ferry.record.OutcomeSteps#MALFORMED}: a method expression would copy the whole exchange for every record.
     */
    public static final Predicate TO_PARK = exchange -> {
        Outcome outcome = RecordExchange.outcome(exchange);
        return outcome != null && RecordExchange.record(exchange) != null && DeadLetterRelease.parks(outcome);
    };

    private final ObjectMapper json;
    private final Clock clock;

    public DeadLetterMessage(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Replaces the message with the record's first dead-letter entry. Every other header goes: camel-jms sends headers
     * as message properties, and the queue is readable by any program on the broker. A property without a value
     * (no awaiting key, no message) is left out, which JMS readers and selectors see as null, as before.
     */
    public void prepare(Exchange exchange) {
        Record record = RecordExchange.record(exchange);
        Outcome outcome = RecordExchange.outcome(exchange);
        int attempts = 1 + exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        ParkedRecord entry = ParkedRecord.first(record, outcome, attempts, clock.millis());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        entry.properties().forEach((name, value) -> {
            if (value != null) {
                message.setHeader(name, value);
            }
        });
        message.setBody(entry.body(json));
    }
}
