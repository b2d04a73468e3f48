package io.ferry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * The id map's SQL where H2 and PostgreSQL differ: how the rows of many external ids are read in one query. Everything
 * else the id map and its create claims run is plain SQL that both accept as it is.
 *
 * <p>H2 gets the ids as one array joined with the id map: its plan looks each up through the primary key. Measured on
 * 100,000 ids, that costs half the CPU of a prepared lookup per id (H2's overhead per statement was most of a lookup),
 * and a row-value IN list is far slower there (H2 checks it against every row it finds). PostgreSQL gets the row
 * values, looked up through its primary key.
 */
enum IdMapDialect {

    H2 {
        @Override
        String selectAmong(String columns, int count) {
            return "SELECT " + columns + " FROM TABLE(id VARCHAR = ?) t"
                    + " INNER JOIN ferry_id_map m ON m.target = ? AND m.external_id = t.id";
        }

        @Override
        void bindAmong(Connection c, PreparedStatement s, String target, List<String> ids) throws SQLException {
            s.setArray(1, c.createArrayOf("VARCHAR", ids.toArray()));
            s.setString(2, target);
        }
    },

    /** PostgreSQL, and any other database: row values. */
    POSTGRESQL {
        @Override
        String selectAmong(String columns, int count) {
            return "SELECT " + columns + " FROM ferry_id_map m WHERE (m.target, m.external_id) IN ("
                    + String.join(",", Collections.nCopies(count, "(?, ?)")) + ")";
        }

        @Override
        void bindAmong(Connection c, PreparedStatement s, String target, List<String> ids) throws SQLException {
            for (int i = 0; i < ids.size(); i++) {
                s.setString(2 * i + 1, target);
                s.setString(2 * i + 2, ids.get(i));
            }
        }
    };

    /** The dialect of the database this connection is to. */
    static IdMapDialect of(Connection c) throws SQLException {
        return Store.isH2(c) ? H2 : POSTGRESQL;
    }

    /**
     * The query of {@code columns} of {@code ferry_id_map m} for {@code count} (distinct) external ids of one target;
     * {@link #bindAmong} sets its parameters.
     */
    abstract String selectAmong(String columns, int count);

    /** Sets the parameters of {@link #selectAmong} for these ids of the target. */
    abstract void bindAmong(Connection c, PreparedStatement s, String target, List<String> ids) throws SQLException;
}
