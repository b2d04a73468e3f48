package io.ferry.report;

import io.ferry.delivery.DeliveryLanes;
import io.ferry.deadletter.DeadLetterRelease;
import io.ferry.observe.FerryMetrics;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The end of a record settled before delivery (unchanged): the same last steps as the record route
 * (records.camel.yaml) — releases, the report row, the metric — for a record that never became an exchange.
 */
public final class UnchangedSettlement implements DeliveryLanes.Settlement {

    private final DeadLetterRelease releaser;
    private final FerryMetrics metrics;

    public UnchangedSettlement(DeadLetterRelease releaser, FerryMetrics metrics) {
        this.releaser = releaser;
        this.metrics = metrics;
    }

    @Override
    public void settle(Exchange input, List<Record> records, List<Outcome> outcomes) {
        for (int i = 0; i < records.size(); i++) {
            releaser.delivered(records.get(i), outcomes.get(i));
        }
        input.getProperty(RecordExchange.REPORT, ReportWriter.class).writeAll(records, outcomes);
        metrics.countAll(records, outcomes);
    }
}
