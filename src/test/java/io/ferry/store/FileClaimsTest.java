package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** File claims of a shared inbox on H2; {@link FileClaimsPostgresIT} runs the same tests on PostgreSQL. */
class FileClaimsTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TestDatabase db = database("file_claims");
    private final Store first = db.openStore(2);
    private final Store second = db.openStore(2);
    private final FileClaims a = new FileClaims(first.dataSource(), "instance-a", LEASE);
    private final FileClaims b = new FileClaims(second.dataSource(), "instance-b", LEASE);

    TestDatabase database(String name) {
        return TestDatabase.h2(name);
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void aFileIsReadByOneInstanceAtATimeAndFreeOnceReleased() {
        assertThat(a.claim("inbox:cor-clients", "x.csv")).isTrue();
        assertThat(b.claim("inbox:cor-clients", "x.csv")).isFalse();
        assertThat(b.claim("inbox:clemta-contacts", "x.csv")).as("another folder").isTrue();
        assertThat(a.claim("inbox:cor-clients", "x.csv")).as("a's own claim").isTrue();

        b.release("inbox:cor-clients", "x.csv");
        assertThat(b.claim("inbox:cor-clients", "x.csv")).as("b cannot release a's claim").isFalse();
        a.release("inbox:cor-clients", "x.csv");
        assertThat(b.claim("inbox:cor-clients", "x.csv")).isTrue();
    }

    @Test
    void aClaimWhoseOwnerStoppedHeartbeatingIsTakenOverByOneInstance() throws Exception {
        FileClaims c = new FileClaims(second.dataSource(), "instance-c", LEASE);
        assertThat(a.claim("inbox:cor-clients", "x.csv")).isTrue();
        age("instance-a", 20);
        assertThat(a.heartbeat()).isEqualTo(1);
        assertThat(b.claim("inbox:cor-clients", "x.csv")).as("heartbeating: kept").isFalse();

        // a stops: no heartbeat for longer than the lease.
        age("instance-a", 31);
        assertThat(b.claim("inbox:cor-clients", "x.csv")).isTrue();
        assertThat(c.claim("inbox:cor-clients", "x.csv")).as("b has it now, with a fresh heartbeat").isFalse();
        assertThat(a.heartbeat()).as("a's heartbeat no longer touches it").isZero();
        a.release("inbox:cor-clients", "x.csv");
        assertThat(c.claim("inbox:cor-clients", "x.csv")).isFalse();
    }

    // Moves the owner's heartbeats the given number of seconds into the past, as if that much time had gone by.
    private void age(String owner, int seconds) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ferry_file_claim SET heartbeat_at = LOCALTIMESTAMP - INTERVAL '" + seconds
                    + "' SECOND WHERE owner = '" + owner + "'");
        }
    }
}
