package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry instances on one PostgreSQL store get the same Clemta contacts at the same time (each from its own inbox).
 * Clemta has no external id of its own, so without create claims both would look each contact up, find nothing and
 * create it: with them, every contact is created once, and the other instance's record ends as an update or unchanged.
 */
class TwoInstancesCreateOnceIT {

    @Test
    void theSameContactsDeliveredByTwoInstancesAtOnceAreCreatedOnce(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.postgres("two_instances");
        Map<String, String> props = Map.of("ferry.store.url", db.url(), "ferry.store.user", db.user(),
                "ferry.store.password", db.password(), "ferry.delivery.concurrency", "4");
        int contacts = 40;
        String csv = "external_id,type,full_name,email,company_id\n" + IntStream.range(0, contacts)
                .mapToObj(i -> "TI-" + i + ",customer,Twin " + i + ",twin" + i + "@example.com,cmp-sandbox-1\n")
                .collect(Collectors.joining());
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest one = new FerryUnderTest(dir.resolve("one"), sandbox, props);
             FerryUnderTest two = new FerryUnderTest(dir.resolve("two"), sandbox, props)) {
            // Two names: the same name and content would be recognised as one input already processed.
            one.drop(Targets.CLEMTA_CONTACTS, "twins-1.csv", csv);
            two.drop(Targets.CLEMTA_CONTACTS, "twins-2.csv", csv);
            List<Row> rows = new ArrayList<>(one.awaitReport(Targets.CLEMTA_CONTACTS, "twins-1.csv"));
            rows.addAll(two.awaitReport(Targets.CLEMTA_CONTACTS, "twins-2.csv"));

            assertThat(sandbox.stats().at("/clemta/duplicate_creates").asLong()).isZero();
            assertThat(sandbox.stats().at("/clemta/entities/contacts").asLong()).isEqualTo(contacts);
            assertThat(rows).filteredOn(row -> "created".equals(row.outcome())).extracting(Row::externalId)
                    .doesNotHaveDuplicates().hasSize(contacts);
            assertThat(rows).hasSize(2 * contacts).extracting(Row::outcome).isSubsetOf("created", "updated", "unchanged");
        }
    }
}
