package io.ferry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class FerryMetricsTest {

    @Test
    void countingSeveralRecordsAtOnceCountsEachByTargetAndOutcome() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("meters", meters);
            FerryMetrics metrics = new FerryMetrics(camel);
            Outcome unchanged = new Outcome(Status.UNCHANGED, null, "UNCHANGED", "same", null, "V-1");
            Outcome created = Outcome.delivered(Status.CREATED, 201, "V-2");
            List<Record> records = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            // Runs of the same target and outcome, broken by another outcome and another target, and a gap.
            String[] targets = {"cor-clients", "cor-clients", "cor-clients", "cor-contracts", "cor-clients",
                "cor-clients"};
            Outcome[] ends = {unchanged, unchanged, created, unchanged, unchanged, null};
            for (int i = 0; i < targets.length; i++) {
                records.add(Record.of(targets[i], Source.file("f.csv", i + 1), "K-" + i, null));
                outcomes.add(ends[i]);
            }

            metrics.countAll(records, outcomes);
            metrics.count(records.get(0), unchanged);

            assertThat(count(meters, "cor-clients", "unchanged")).isEqualTo(4);
            assertThat(count(meters, "cor-clients", "created")).isEqualTo(1);
            assertThat(count(meters, "cor-contracts", "unchanged")).isEqualTo(1);
            assertThat(meters.find("ferry.records").counters()).hasSize(3);
        }
    }

    private static double count(SimpleMeterRegistry meters, String target, String outcome) {
        return meters.get("ferry.records").tags("target", target, "outcome", outcome).counter().count();
    }
}
