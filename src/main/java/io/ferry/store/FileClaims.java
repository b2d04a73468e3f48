package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance reads which file of a shared inbox (ferry_file_claim): a file is claimed with an insert that only one
 * instance can make, kept with heartbeats while it is read, and released once it has left the inbox. A claim whose
 * heartbeat is older than the lease was left by a stopped instance: another instance takes it over, in one
 * conditional update that only one can win, and continues the file. Ages are measured with the database's clock.
 */
public final class FileClaims {

    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);

    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;

    public FileClaims(DataSource dataSource, String owner, Duration lease) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.lease = lease;
    }

    public Duration lease() {
        return lease;
    }

    /** True when this instance may read the file now: nobody had it, it was ours, or its owner stopped. */
    public boolean claim(String scope, String fileName) {
        try (Connection c = dataSource.getConnection()) {
            if (insert(c, scope, fileName)) {
                return true;
            }
            String holder;
            Timestamp heartbeat;
            Timestamp now;
            try (PreparedStatement s = c.prepareStatement("SELECT owner, heartbeat_at, LOCALTIMESTAMP FROM ferry_file_claim"
                    + " WHERE scope = ? AND file_name = ?")) {
                s.setString(1, scope);
                s.setString(2, fileName);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        // Released in between: the next poll claims it.
                        return false;
                    }
                    holder = rs.getString(1);
                    heartbeat = rs.getTimestamp(2);
                    now = rs.getTimestamp(3);
                }
            }
            // Ours already (left when this instance stopped, or a release that failed): taken up at once. One instance
            // never reads the same file twice at once, as the file consumer keeps files in progress apart.
            boolean ours = owner.equals(holder);
            if (!ours && Duration.between(heartbeat.toInstant(), now.toInstant()).compareTo(lease) < 0) {
                return false;
            }
            // Only one instance can move the heartbeat past the limit, so only one takes the claim over.
            try (PreparedStatement s = c.prepareStatement("UPDATE ferry_file_claim SET owner = ?,"
                    + " claimed_at = LOCALTIMESTAMP, heartbeat_at = LOCALTIMESTAMP"
                    + " WHERE scope = ? AND file_name = ? AND owner = ? AND heartbeat_at <= ?")) {
                s.setString(1, owner);
                s.setString(2, scope);
                s.setString(3, fileName);
                s.setString(4, holder);
                s.setTimestamp(5, ours ? now : Timestamp.from(now.toInstant().minus(lease)));
                boolean taken = s.executeUpdate() == 1;
                if (taken && !ours) {
                    LOG.info("{}/{}: taken over from instance {}, which stopped heartbeating", scope, fileName, holder);
                }
                return taken;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot claim a file: " + e.getMessage(), e);
        }
    }

    private boolean insert(Connection c, String scope, String fileName) throws SQLException {
        return FirstInsertWins.unlessPresent(c, "INSERT INTO ferry_file_claim (scope, file_name, owner, claimed_at, heartbeat_at)"
                + " VALUES (?, ?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)", scope, fileName, owner);
    }

    /** Gives the file up (read and moved, or rolled back): another instance may claim it. Only our own claim. */
    public void release(String scope, String fileName) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "DELETE FROM ferry_file_claim WHERE scope = ? AND file_name = ? AND owner = ?")) {
            s.setString(1, scope);
            s.setString(2, fileName);
            s.setString(3, owner);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot release a file claim: " + e.getMessage(), e);
        }
    }

    /** Renews every claim of this instance (run every third of the lease); the number renewed. */
    public int heartbeat() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE ferry_file_claim SET heartbeat_at = LOCALTIMESTAMP WHERE owner = ?")) {
            s.setString(1, owner);
            return s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Cannot renew this instance's file claims (they expire after {} s without): {}",
                    lease.toSeconds(), e.getMessage());
            return 0;
        }
    }
}
