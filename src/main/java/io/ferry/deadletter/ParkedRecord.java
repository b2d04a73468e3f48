package io.ferry.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.Source;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A record on the dead-letter queue: the original record as JSON, plus properties an operator (or a JMS selector)
 * can read: target, source, reason, vendor message, awaiting key, attempts, cycles, first and last failure time.
 *
 * @param id           Ferry's id of this dead-letter entry (stable across re-parking)
 * @param record       the original record
 * @param reason       the reason code (the vendor's code, RETRIES_EXHAUSTED, ...)
 * @param message      the vendor's or Ferry's message (never a secret)
 * @param httpStatus   the last HTTP status, or null
 * @param awaiting     what it waits for (fx:EUR, cor-client:SF-1), or null when only an operator can release it
 * @param attempts     delivery attempts so far, over all cycles
 * @param cycles       times it was released and parked again for the same reason
 * @param held         true once the loop guard stopped automatic release
 * @param firstFailure epoch millis of the first failure
 * @param lastFailure  epoch millis of the latest failure
 */
public record ParkedRecord(String id, Record record, String reason, String message, Integer httpStatus,
                           String awaiting, int attempts, int cycles, boolean held, long firstFailure,
                           long lastFailure) {

    static final String ID = "ferryParkId";
    static final String TARGET = "ferryTarget";
    static final String SOURCE = "ferrySource";
    static final String EXTERNAL_ID = "ferryExternalId";
    static final String REASON = "ferryReason";
    static final String MESSAGE = "ferryMessage";
    static final String HTTP_STATUS = "ferryHttpStatus";
    static final String AWAITING = "ferryAwaiting";
    static final String ATTEMPTS = "ferryAttempts";
    static final String CYCLES = "ferryCycles";
    static final String HELD = "ferryHeld";
    static final String FIRST_FAILURE = "ferryFirstFailure";
    static final String LAST_FAILURE = "ferryLastFailure";

    /** A record parked for the first time. */
    public static ParkedRecord first(Record record, Outcome outcome, int attempts, long now) {
        return new ParkedRecord(UUID.randomUUID().toString(), record, reason(outcome), outcome.message(),
                outcome.httpStatus(), outcome.awaiting(), attempts, 0, false, now, now);
    }

    /** The same entry after a replay that failed again: one more cycle when it failed for the same reason. */
    public ParkedRecord again(Outcome outcome, int moreAttempts, long now, int maxCycles) {
        String newReason = reason(outcome);
        boolean same = newReason.equals(reason) && java.util.Objects.equals(outcome.awaiting(), awaiting);
        int newCycles = same ? cycles + 1 : 0;
        return new ParkedRecord(id, record, newReason, outcome.message(), outcome.httpStatus(), outcome.awaiting(),
                attempts + moreAttempts, newCycles, held || newCycles >= maxCycles, firstFailure, now);
    }

    /** The same entry put back untried (its vendor is paused), stamped so the running release does not take it again. */
    public ParkedRecord keptAt(long now) {
        return new ParkedRecord(id, record, reason, message, httpStatus, awaiting, attempts, cycles, held, firstFailure,
                now);
    }

    /** The same entry released by an operator: automatic release may try it again. */
    public ParkedRecord unheld() {
        return new ParkedRecord(id, record, reason, message, httpStatus, awaiting, attempts, 0, false, firstFailure,
                lastFailure);
    }

    private static String reason(Outcome outcome) {
        return outcome.code() != null ? outcome.code() : outcome.status().name();
    }

    /** The message body: the original record as JSON. */
    String body(ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("target", record.target());
        ObjectNode source = body.putObject("source");
        source.put("kind", record.source().kind());
        source.put("name", record.source().name());
        source.put("row", record.source().row());
        source.put("messageId", record.source().messageId());
        source.put("run", record.source().run());
        body.put("externalId", record.externalId());
        body.set("fields", record.fields());
        if (record.createOnly() != null) {
            body.set("createOnly", record.createOnly());
        }
        return body.toString();
    }

    /**
     * The message properties, in the types selectors compare (String, int, long, boolean). A null value is a string
     * property without a value (external id, message, awaiting); the HTTP status is absent when there was none.
     */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ID, id);
        properties.put(TARGET, record.target());
        properties.put(SOURCE, record.source().toString());
        properties.put(EXTERNAL_ID, record.externalId());
        properties.put(REASON, reason);
        properties.put(MESSAGE, message);
        if (httpStatus != null) {
            properties.put(HTTP_STATUS, httpStatus);
        }
        properties.put(AWAITING, awaiting);
        properties.put(ATTEMPTS, attempts);
        properties.put(CYCLES, cycles);
        properties.put(HELD, held);
        properties.put(FIRST_FAILURE, firstFailure);
        properties.put(LAST_FAILURE, lastFailure);
        return properties;
    }

    Message toMessage(Session session, ObjectMapper json) throws JMSException {
        TextMessage message = session.createTextMessage(body(json));
        for (Map.Entry<String, Object> property : properties().entrySet()) {
            if (property.getValue() == null) {
                message.setStringProperty(property.getKey(), null);
            } else {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
        }
        return message;
    }

    static ParkedRecord fromMessage(Message message, ObjectMapper json) throws JMSException {
        JsonNode body;
        try {
            body = json.readTree(((TextMessage) message).getText());
        } catch (java.io.IOException e) {
            throw new JMSException("dead-letter entry is not Ferry JSON: " + e.getMessage());
        }
        JsonNode source = body.path("source");
        Source origin = new Source(source.path("kind").asText(), source.path("name").asText(),
                source.path("row").asLong(), source.path("messageId").isNull() ? null : source.path("messageId").asText(),
                source.path("run").asLong(0));
        Record record = Record.of(body.path("target").asText(), origin,
                body.path("externalId").isNull() ? null : body.path("externalId").asText(),
                (ObjectNode) body.get("fields"), body.get("createOnly") instanceof ObjectNode createOnly ? createOnly : null);
        return new ParkedRecord(message.getStringProperty(ID), record, message.getStringProperty(REASON),
                message.getStringProperty(MESSAGE),
                message.propertyExists(HTTP_STATUS) ? message.getIntProperty(HTTP_STATUS) : null,
                message.getStringProperty(AWAITING), message.getIntProperty(ATTEMPTS), message.getIntProperty(CYCLES),
                message.getBooleanProperty(HELD), message.getLongProperty(FIRST_FAILURE),
                message.getLongProperty(LAST_FAILURE));
    }
}
