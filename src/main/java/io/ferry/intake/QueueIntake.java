package io.ferry.intake;

import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.report.Reports;
import io.ferry.store.IdempotencyStore;
import java.io.IOException;
import java.io.StringReader;
import java.util.NoSuchElementException;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the queue intake route: skip a message that was already processed (redelivered after a crash that
 * came between processing and the broker's commit), split the body into records, then remember the message.
 */
public final class QueueIntake {

    private static final Logger LOG = LoggerFactory.getLogger(QueueIntake.class);
    private static final String JMS_MESSAGE_ID = "JMSMessageID";

    // The run (of the queue's day) whose report gets the message's rows.
    static final String RUN = "ferryRunId";

    private final RecordReaders readers;
    private final IdempotencyStore processed;
    private final Reports reports;

    public QueueIntake(RecordReaders readers, IdempotencyStore processed, Reports reports) {
        this.readers = readers;
        this.processed = processed;
        this.reports = reports;
    }

    public void begin(Exchange exchange) {
        String queue = queue(exchange);
        String id = messageId(exchange);
        boolean duplicate = processed.contains("queue:" + queue, id);
        if (duplicate) {
            LOG.info("{}: message {} was already processed; acknowledged without sending anything again", queue, id);
        }
        exchange.setProperty(FileIntake.DUPLICATE, duplicate);
        exchange.setProperty(RUN, dayRun(queue, exchange.getProperty(FileIntake.TARGET, String.class)));
    }

    /** The run of today of a queue or topic, whose report gets the rows of its records. */
    long dayRun(String source, String target) {
        return reports.day(source, target).run();
    }

    /** The message's records: a JSON object, an array of objects, or CSV text with a header row. */
    public RecordIterator records(Exchange exchange) throws IOException {
        return messageRecords(exchange.getProperty(FileIntake.TARGET, String.class), queue(exchange),
                messageId(exchange), exchange.getIn().getBody(String.class), exchange.getProperty(RUN, Long.class));
    }

    /**
     * The records of one message body from any broker (also Kafka, see {@link KafkaIntake}), each with the source
     * {@code name}, {@code id}, its index and the run whose report gets its row; an empty or unreadable body is one
     * rejected record.
     */
    public RecordIterator messageRecords(String target, String name, String id, String body, long run)
            throws IOException {
        if (body == null || body.isBlank()) {
            return single(Record.malformed(target, Source.queue(name, id, 1, run), "the message body is empty"));
        }
        try {
            return readers.open(InputFormat.ofMessage(body), new StringReader(body), target,
                    index -> Source.queue(name, id, index, run));
        } catch (UnreadableInputException e) {
            return single(Record.malformed(target, Source.queue(name, id, 1, run), e.getMessage()));
        }
    }

    public void finish(Exchange exchange) {
        processed.add("queue:" + queue(exchange), messageId(exchange));
    }

    private static String queue(Exchange exchange) {
        return "sync.in." + exchange.getProperty(FileIntake.TARGET, String.class);
    }

    /**
     * The message's id, stable across redeliveries: JMSMessageID, or for messages that have none (Artemis gives
     * none to STOMP and some AMQP senders) the broker's own message id.
     */
    static String messageId(Exchange exchange) {
        String id = exchange.getIn().getHeader(JMS_MESSAGE_ID, String.class);
        if (id != null) {
            return id;
        }
        JmsMessage message = exchange.getIn(JmsMessage.class);
        if (message != null && message.getJmsMessage() instanceof ActiveMQMessage artemis) {
            return "AMQ:" + artemis.getCoreMessage().getMessageID();
        }
        return exchange.getExchangeId();
    }

    private static RecordIterator single(Record record) {
        return new RecordIterator() {
            private boolean consumed;

            @Override
            public boolean hasNext() {
                return !consumed;
            }

            @Override
            public Record next() {
                if (consumed) {
                    throw new NoSuchElementException();
                }
                consumed = true;
                return record;
            }

            @Override
            public void close() {
            }
        };
    }
}
