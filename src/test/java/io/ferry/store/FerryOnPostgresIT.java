package io.ferry.store;

import static io.ferry.testing.FerryUnderTest.corCalls;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.store.IdMapStore.Mapping;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole Ferry with its store on PostgreSQL (ferry.store.url): files delivered, the id map and hashes kept there. */
class FerryOnPostgresIT {

    @Test
    void filesAreDeliveredAndRememberedInPostgresAcrossARestart(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.postgres("ferry_run");
        Map<String, String> store = Map.of("ferry.store.url", db.url(), "ferry.store.user", db.user(),
                "ferry.store.password", db.password());
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, store)) {
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "clients.csv", "id,name\nPG-1,One\nPG-2,Two\n"))
                    .extracting(Row::outcome).containsExactly("created", "created");
            assertThat(ferry.deliver(Targets.COMPLYCUBE_CLIENTS, "kyc.csv",
                    "externalId,type,email,personDetails.firstName,personDetails.lastName\n"
                            + "PGK-1,person,pgk1@example.com,Ann,Lee\n"))
                    .extracting(Row::outcome).containsExactly("created");

            ferry.restart();
            int calls = corCalls(sandbox).size();
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "clients-again.csv", "id,name\nPG-1,One\nPG-2,Two renamed\n"))
                    .extracting(Row::outcome).containsExactly("unchanged", "updated");
            assertThat(corCalls(sandbox).subList(calls, corCalls(sandbox).size()))
                    .extracting(r -> r.method() + " " + r.path())
                    .containsExactly("PUT /cor/v2/integrations/clients/PG-2");
        }
        try (Store direct = db.openStore(1)) {
            IdMapStore idMap = new IdMapStore(direct.dataSource());
            assertThat(idMap.find(Targets.COR_CLIENTS, "PG-2")).map(Mapping::payloadHash).isPresent();
            assertThat(idMap.find(Targets.COMPLYCUBE_CLIENTS, "PGK-1")).map(Mapping::pinned).contains("{\"type\":\"person\"}");
        }
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ferry_processed")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the three files are marked processed in PostgreSQL").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aRecordWhoseEntityAnotherInstanceClaimedWaitsForTheClaimThenLooksBeforeCreating(@TempDir Path dir)
            throws Exception {
        TestDatabase db = TestDatabase.postgres("ferry_claim");
        Map<String, String> props = Map.of("ferry.store.url", db.url(), "ferry.store.user", db.user(),
                "ferry.store.password", db.password(), "ferry.store.create-claim-lease", "2s");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, props)) {
            long started = System.nanoTime();
            try (Store other = db.openStore(1)) {
                // Another instance began creating PGC-1 and stopped: its claim stands for Ferry's lease (2 s here).
                new IdMapStore(other.dataSource(), "instance-gone", java.time.Duration.ofMinutes(5))
                        .claimCreate(Targets.COR_CLIENTS, "PGC-1");
            }
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "claimed.csv", "id,name\nPGC-1,One\nPGC-2,Two\n"))
                    .extracting(Row::externalId, Row::outcome)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("PGC-1", "created"),
                            org.assertj.core.groups.Tuple.tuple("PGC-2", "created"));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("waited for the lease")
                    .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
            // Taken over as an interrupted create: updated first, created when COR did not know it.
            assertThat(corCalls(sandbox)).filteredOn(r -> r.path().endsWith("PGC-1") || r.body().contains("PGC-1"))
                    .extracting(r -> r.method() + " " + r.path()).containsExactly(
                            "PUT /cor/v2/integrations/clients/PGC-1", "POST /cor/v2/integrations/clients");
        }
    }

    @Test
    void aCreateThisInstanceLeftInterruptedIsTakenUpAtOnceAfterARestart(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.postgres("ferry_own_claim");
        Map<String, String> props = Map.of("ferry.store.url", db.url(), "ferry.store.user", db.user(),
                "ferry.store.password", db.password());
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, props)) {
            // This instance sent a create for PGO-1 and was killed before it recorded the answer (lease: 5 minutes).
            String self = Store.instanceId(null, dir.resolve("data"));
            try (Store store = db.openStore(1)) {
                new IdMapStore(store.dataSource(), self, java.time.Duration.ofMinutes(5))
                        .claimCreate(Targets.COR_CLIENTS, "PGO-1");
            }
            ferry.restart();
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "own.csv", "id,name\nPGO-1,One\n"))
                    .extracting(Row::outcome).containsExactly("created");
            assertThat(corCalls(sandbox)).filteredOn(r -> r.path().endsWith("PGO-1") || r.body().contains("PGO-1"))
                    .extracting(r -> r.method() + " " + r.path()).containsExactly(
                            "PUT /cor/v2/integrations/clients/PGO-1", "POST /cor/v2/integrations/clients");
        }
    }
}
