package io.ferry.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.SandboxCorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Healing without anyone's help: transient faults are retried to exactly-once delivery, and rates synced outside
 * Ferry are found by the periodic re-check. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterRecoveryTest {

    private Sandbox sandbox;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.deadletter.recheck-interval", "1s"));
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "clients.csv", "id,name\nR-1,Client\n"))
                .extracting(Row::outcome).containsExactly("created");
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    @Test
    void withTwentyPercent503AndFivePercent429EveryRecordIsDeliveredExactlyOnce() throws Exception {
        int before = sandbox.corClientCount();
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 200; i++) {
            csv.append("FAULT-").append(i).append(",Client ").append(i).append('\n');
        }
        sandbox.setFaults("cor", Faults.NONE.withRate503(0.20).withRate429(0.05, 1));
        List<Row> rows;
        try {
            rows = ferry.deliver(Targets.COR_CLIENTS, "faulty.csv", csv.toString());
        } finally {
            sandbox.setFaults("cor", Faults.NONE);
        }

        assertThat(rows).hasSize(200).extracting(Row::outcome).containsOnly("created");
        assertThat(sandbox.corClientCount() - before).isEqualTo(200);
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isZero();
        assertThat(sandbox.stats().at("/cor/operations/clients.create/rejections/injected_503").asLong()).isPositive();
        assertThat(sandbox.stats().at("/cor/operations/clients.create/rejections/injected_429").asLong()).isPositive();
    }

    @Test
    void ratesSyncedDirectlyInCorAreFoundByThePeriodicRecheck() throws Exception {
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "nok-contracts.csv",
                "id,name,client_id,value,currency\nNOK-1,Deal,R-1,5,NOK\nNOK-2,Deal,R-1,6,NOK\n"))
                .extracting(Row::outcome).containsOnly("parked");

        // Somebody syncs the NOK rate straight into COR: Ferry hears no event.
        assertThat(new SandboxCorClient(sandbox).send("POST", "/currency-exchanges", "{'metadata':{'source':'SALESFORCE'},"
                + "'currency_exchanges':[{'foreign_currency':'NOK','base_currency':'USD','amount':0.09,'factor':1,"
                + "'effective_date':'2025-05-01'}]}")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ferry.report("nok-contracts.csv"))
                .extracting(Row::outcome).containsExactlyInAnyOrder("parked", "parked", "created", "created"));
        assertThat(sandbox.corContract("NOK-1")).isPresent();
        assertThat(sandbox.corContract("NOK-2")).isPresent();
    }
}
