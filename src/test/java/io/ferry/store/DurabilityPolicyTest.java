package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.store.IdMapStore.Claim;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What survives when the database's process dies, on an H2 file with a write delay (Ferry's own store): every create
 * claim and processed mark made before; an id-map write made after the last of them may be lost, and then its create
 * claim is back, so the record looks for its entity before it creates it again.
 */
class DurabilityPolicyTest {

    private static final String TARGET = "cor-clients";
    private static final String OWNER = "instance-1";
    // A write delay longer than the test: H2 writes the file only at a CHECKPOINT (or when it closes normally).
    private static final String URL_DELAYED = "jdbc:h2:file:%s/store;WRITE_DELAY=600000";

    @TempDir
    Path dir;

    @Test
    void processedMarksSurviveAKilledDatabase() {
        try (Store store = new Store(URL_DELAYED.formatted(dir), "sa", "", 2)) {
            assertThat(new IdempotencyStore(store.dataSource()).add("file:" + TARGET, "clients.csv/abc")).isTrue();
            kill(store);
        }
        try (Store store = new Store(URL_DELAYED.formatted(dir), "sa", "", 2)) {
            assertThat(new IdempotencyStore(store.dataSource()).contains("file:" + TARGET, "clients.csv/abc")).isTrue();
        }
    }

    @Test
    void claimsSurviveAKilledDatabaseAndALostIdMapWriteLeavesItsClaim() {
        String url = URL_DELAYED.formatted(dir);
        try (Store store = new Store(url, "sa", "", 2)) {
            IdMapStore idMap = new IdMapStore(store.dataSource(), OWNER, Duration.ofMinutes(5));
            assertThat(idMap.claimAll(TARGET, List.of("A", "B"))).containsExactly("A", "B");
            assertThat(idMap.claimCreate(TARGET, "C")).isEqualTo(Claim.NEW);
            // A was created; its row is committed (other connections see it) but not yet in the file.
            idMap.saveNew(TARGET, "A", "vendor-A", "hash-A", null);
            assertThat(idMap.find(TARGET, "A")).isPresent();
            assertThat(idMap.createInterrupted(TARGET, "A")).isFalse();
            kill(store);
        }
        try (Store store = new Store(url, "sa", "", 2)) {
            IdMapStore idMap = new IdMapStore(store.dataSource(), OWNER, Duration.ofMinutes(5));
            assertThat(idMap.createInterrupted(TARGET, "B")).as("claim B").isTrue();
            assertThat(idMap.createInterrupted(TARGET, "C")).as("claim C").isTrue();
            // A's row went with the database; its claim did not, so A's next attempt updates or looks first.
            assertThat(idMap.find(TARGET, "A")).isEmpty();
            assertThat(idMap.createInterrupted(TARGET, "A")).as("claim A").isTrue();
            assertThat(idMap.claimCreate(TARGET, "A")).isEqualTo(Claim.INTERRUPTED);
        }
    }

    @Test
    void anH2UserThatCannotWriteTheFileAtOnceIsRefusedAtStartWithWhatToChange() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("store");
        // H2 keeps the write delay in the database; only an admin may set it in the URL.
        try (Store store = new Store(url + ";WRITE_DELAY=500", "sa", "", 1);
             Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement()) {
            // A user that owns its own schema can create Ferry's tables, but is no admin.
            s.execute("CREATE USER ferry PASSWORD 'secret'");
            s.execute("CREATE SCHEMA ferry_store AUTHORIZATION ferry");
            // Opened while the admin's pool still holds the database.
            assertThatThrownBy(() -> new Store(url + ";SCHEMA=FERRY_STORE", "ferry", "secret", 1).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SET WRITE_DELAY 0")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void anInMemoryH2AndADatabaseWithoutWriteDelayCommitDurablyAsTheyAre() throws SQLException {
        try (Connection memory = DriverManager.getConnection("jdbc:h2:mem:durability", "sa", "");
             Connection file = DriverManager.getConnection(
                     "jdbc:h2:file:" + dir.resolve("nodelay") + ";WRITE_DELAY=0", "sa", "");
             Connection delayed = DriverManager.getConnection(
                     "jdbc:h2:file:" + dir.resolve("delayed") + ";WRITE_DELAY=500", "sa", "")) {
            assertThat(DurabilityPolicy.of(memory)).isEqualTo(DurabilityPolicy.Kind.AT_COMMIT);
            assertThat(DurabilityPolicy.of(file)).isEqualTo(DurabilityPolicy.Kind.AT_COMMIT);
            assertThat(DurabilityPolicy.of(delayed)).isEqualTo(DurabilityPolicy.Kind.H2_DELAYED);
        }
    }

    // The database dies without writing what it holds in memory: H2 closes its file as a killed process would leave it.
    private static void kill(Store store) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // The connection goes down with the database.
        }
    }
}
