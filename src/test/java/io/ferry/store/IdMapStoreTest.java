package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.store.IdMapStore.Mapping;
import io.ferry.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The id map on H2; {@link IdMapStorePostgresTest} runs the same tests on PostgreSQL. */
class IdMapStoreTest {

    private final Store store = database("idmap").openStore(2);
    private final IdMapStore idMap = new IdMapStore(store.dataSource());

    /** A fresh database for one test. */
    TestDatabase database(String name) {
        return TestDatabase.h2(name);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void savesUpdatesKeepsKnownValuesAndForgets() {
        assertThat(idMap.isKnown("cor-clients", "C1")).isFalse();
        idMap.save("cor-clients", "C1", null, null);
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping(null, null));
        idMap.save("cor-clients", "C1", "25855", "abc");
        idMap.save("cor-clients", "C1", null, "def");
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping("25855", "def"));
        assertThat(idMap.isKnown("cor-contracts", "C1")).isFalse();
        idMap.forget("cor-clients", "C1");
        assertThat(idMap.isKnown("cor-clients", "C1")).isFalse();
    }

    @Test
    void theKindIsSavedAndKeptUntilTheVendorSaysOtherwise() {
        idMap.save("complycube-clients", "JD-1", "5f1a", "abc", "person");
        idMap.save("complycube-clients", "JD-1", null, "def");
        assertThat(idMap.find("complycube-clients", "JD-1")).contains(new Mapping("5f1a", "def", "person"));
        idMap.save("complycube-clients", "JD-1", null, null, "company");
        assertThat(idMap.find("complycube-clients", "JD-1").orElseThrow().kind()).isEqualTo("company");
    }

    @Test
    void aStoreFromBeforeTheKindColumnGetsIt() throws Exception {
        TestDatabase db = database("idmap_old");
        try (java.sql.Connection c = db.connect();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ferry_id_map (target VARCHAR(100) NOT NULL, external_id VARCHAR(600) NOT NULL,"
                    + " vendor_id VARCHAR(200) NULL, payload_hash VARCHAR(64) NULL, updated_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (target, external_id))");
            s.execute("INSERT INTO ferry_id_map VALUES ('cor-clients', 'C1', '7', NULL, CURRENT_TIMESTAMP)");
            try (Store upgraded = db.openStore(1)) {
                IdMapStore map = new IdMapStore(upgraded.dataSource());
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, null));
                map.save("cor-clients", "C1", null, null, "person");
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, "person"));
            }
        }
    }

    @Test
    void schemaCreationIsIdempotent() {
        TestDatabase db = database("idmap_twice");
        try (Store again = db.openStore(1); Store third = db.openStore(1)) {
            new IdMapStore(third.dataSource()).save("t", "x", "1", null);
            assertThat(new IdMapStore(again.dataSource()).find("t", "x")).contains(new Mapping("1", null));
        }
    }

    @Test
    void aCreateIntentStandsUntilTheEntityIsSavedOrTheIntentDropped() {
        idMap.intendCreate("cor-clients", "C1");
        idMap.intendCreate("cor-clients", "C1");
        idMap.intendCreate("cor-clients", "C2");
        assertThat(idMap.createInterrupted("cor-clients", "C1")).isTrue();
        assertThat(idMap.isKnown("cor-clients", "C1")).as("an intent is not a known entity").isFalse();

        idMap.save("cor-clients", "C1", "25855", "abc");
        idMap.dropIntent("cor-clients", "C2");

        assertThat(idMap.createInterrupted("cor-clients", "C1")).isFalse();
        assertThat(idMap.createInterrupted("cor-clients", "C2")).isFalse();
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping("25855", "abc"));
    }
}
