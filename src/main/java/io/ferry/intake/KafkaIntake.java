package io.ferry.intake;

import io.ferry.store.IdempotencyStore;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the Kafka intake route (kafka-intake.camel.yaml): skip a record that was already processed (consumed
 * again after a crash or a rebalance that came between its outcome and its offset commit), split its value into
 * records like a queue message, remember it, then commit its offset.
 */
public final class KafkaIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);

    private final QueueIntake messages;
    private final IdempotencyStore processed;

    public KafkaIntake(QueueIntake messages, IdempotencyStore processed) {
        this.messages = messages;
        this.processed = processed;
    }

    public void begin(Exchange exchange) {
        String id = recordId(exchange);
        boolean duplicate = processed.contains(scope(exchange), id);
        if (duplicate) {
            LOG.info("{}: already processed; its offset is committed without sending anything again", id);
        }
        exchange.setProperty(FileIntake.DUPLICATE, duplicate);
        exchange.setProperty(QueueIntake.RUN, messages.dayRun(topic(exchange),
                exchange.getProperty(FileIntake.TARGET, String.class)));
    }

    /** The Kafka record's value as records: a JSON object, an array of objects, NDJSON or CSV text with a header. */
    public RecordIterator records(Exchange exchange) throws IOException {
        return messages.messageRecords(exchange.getProperty(FileIntake.TARGET, String.class), topic(exchange),
                recordId(exchange), exchange.getIn().getBody(String.class), exchange.getProperty(QueueIntake.RUN,
                        Long.class));
    }

    public void finish(Exchange exchange) {
        processed.add(scope(exchange), recordId(exchange));
    }

    /**
     * Commits the offset after this record, synchronously, on the consumer's thread. Called last: every record of
     * the value has its outcome (report row written, parked entries on the dead letter) and the record is marked
     * processed, so a crash before this line only means the record is consumed again and recognised.
     */
    public void commit(Exchange exchange) {
        exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class).commit();
    }

    /** {@code topic/partition/offset}: stable across redeliveries, the record's id in reports and the store. */
    static String recordId(Exchange exchange) {
        return topic(exchange) + "/" + exchange.getIn().getHeader(KafkaConstants.PARTITION, Integer.class) + "/"
                + exchange.getIn().getHeader(KafkaConstants.OFFSET, Long.class);
    }

    private static String topic(Exchange exchange) {
        return exchange.getIn().getHeader(KafkaConstants.TOPIC, String.class);
    }

    private static String scope(Exchange exchange) {
        return "kafka:" + topic(exchange);
    }
}
