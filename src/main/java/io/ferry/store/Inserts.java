package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The store's claims and marks: a row inserted by one instance only, its primary key deciding who. */
final class Inserts {

    /** SQLSTATE of a unique (primary key) violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private Inserts() {
    }

    /**
     * Runs the INSERT with these string parameters; false when a row with the same key is there already. Outside a
     * transaction: on PostgreSQL the failed statement would abort one.
     */
    static boolean unlessPresent(Connection c, String insert, String... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            return false;
        }
    }
}
