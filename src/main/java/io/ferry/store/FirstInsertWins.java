package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;

/** The store's claims and marks: a row inserted by one instance only, its primary key deciding who. */
final class FirstInsertWins {

    /** SQLSTATE of a unique (primary key) violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private FirstInsertWins() {
    }

    /**
     * Runs the INSERT with these string parameters; false when a row with the same key is there already. Inside a
     * transaction the insert runs behind a savepoint: on PostgreSQL the failed statement would abort the transaction.
     * H2 undoes only the failed statement and needs none (a savepoint is a command of its own there, run for every
     * create claim).
     */
    static boolean unlessPresent(Connection c, String insert, String... values) throws SQLException {
        Savepoint before = c.getAutoCommit() || Store.isH2(c) ? null : c.setSavepoint();
        try (PreparedStatement s = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            if (before != null) {
                c.rollback(before);
            }
            return false;
        }
        if (before != null) {
            c.releaseSavepoint(before);
        }
        return true;
    }
}
