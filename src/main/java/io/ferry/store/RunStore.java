package io.ferry.store;

import io.ferry.record.Outcome.Status;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import javax.sql.DataSource;

/**
 * The runs table ({@code ferry_run}): one row per input file, and one per queue or Kafka topic, day and instance,
 * with where its report and processed copy are and the counts of its records' final outcomes. Plain SQL that runs the
 * same on H2 and PostgreSQL.
 */
public final class RunStore {

    /** A run's state. */
    public enum State {
        RUNNING, DONE, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** What a run is, as it starts. */
    public record Start(String source, String target, String kind, String input, String contentHash, Long size,
                        String instance, LocalDate day, Instant started, boolean dryRun, State state) {
    }

    /** Where a run's report and processed copy are, once its id is known. */
    public record Paths(String report, String kept) {
    }

    /** One run as stored. */
    public record Run(long id, String source, String target, String kind, String input, String contentHash,
                      Long size, String instance, LocalDate day, Instant started, Instant finished, State state,
                      boolean dryRun, String report, String kept, Map<Status, Long> counts) {

        public long count(Status status) {
            return counts.getOrDefault(status, 0L);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The runs a list shows: each value null for "any". */
    public record Filter(String source, String target, State state, LocalDate day) {

        public static final Filter ANY = new Filter(null, null, null, null);
    }

    private static final String COLUMNS = "id, source, target, kind, input_name, content_hash, size_bytes, instance,"
            + " run_day, started_at, finished_at, state, dry_run, report_path, kept_path, " + String.join(", ",
            countColumns());

    private final DataSource dataSource;
    private final DurabilityPolicy durability = new DurabilityPolicy();

    public RunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The count column of an outcome (would-create: would_create). */
    static String column(Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> countColumns() {
        List<String> columns = new ArrayList<>();
        for (Status status : Status.values()) {
            columns.add(column(status));
        }
        return columns;
    }

    /**
     * Starts a run: its row, then its paths (made from its id), in one transaction that is durable when this returns,
     * so that a run whose report exists is always in the table.
     */
    public Run start(Start start, LongFunction<Paths> paths) {
        long id;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ferry_run (source, target, kind, input_name,"
                    + " content_hash, size_bytes, instance, run_day, started_at, state, dry_run)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, start.source());
                s.setString(2, start.target());
                s.setString(3, start.kind());
                s.setString(4, start.input());
                s.setString(5, start.contentHash());
                if (start.size() == null) {
                    s.setNull(6, java.sql.Types.BIGINT);
                } else {
                    s.setLong(6, start.size());
                }
                s.setString(7, start.instance());
                s.setDate(8, Date.valueOf(start.day()));
                s.setTimestamp(9, Timestamp.from(start.started()));
                s.setString(10, start.state().label());
                s.setBoolean(11, start.dryRun());
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Paths where = paths.apply(id);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE ferry_run SET report_path = ?, kept_path = ? WHERE id = ?")) {
                s.setString(1, where.report());
                s.setString(2, where.kept());
                s.setLong(3, id);
                s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            durability.flush(c);
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot start a run: " + e.getMessage(), e);
        }
        // Read back on a connection of its own: holding two at once would wait forever on a pool of one.
        return get(id).orElseThrow();
    }

    /** The running run of an input file with this content: one an earlier process started and did not finish. */
    public Optional<Run> running(String source, String input, String contentHash) {
        return first("SELECT " + COLUMNS + " FROM ferry_run WHERE input_name = ? AND state = 'running' AND source = ?"
                + " AND content_hash = ? ORDER BY id DESC", input, source, contentHash);
    }

    /** The running runs of an input file, whatever its content. */
    public List<Run> runningFiles(String source, String input) {
        return query("SELECT " + COLUMNS + " FROM ferry_run WHERE input_name = ? AND state = 'running' AND source = ?"
                + " AND kind = 'file' ORDER BY id", input, source);
    }

    /** The running run of a queue or topic on a day in one instance. */
    public Optional<Run> runningDay(String source, String input, LocalDate day, String instance) {
        return first("SELECT " + COLUMNS + " FROM ferry_run WHERE input_name = ? AND state = 'running' AND source = ?"
                + " AND run_day = ? AND instance = ? ORDER BY id DESC", input, source, Date.valueOf(day), instance);
    }

    /** The running queue or topic runs of an instance from before {@code day}: their day is over. */
    public List<Run> runningBefore(String kind, LocalDate day, String instance) {
        return query("SELECT " + COLUMNS + " FROM ferry_run WHERE state = 'running' AND kind = ? AND run_day < ?"
                + " AND instance = ? ORDER BY id", kind, Date.valueOf(day), instance);
    }

    public Optional<Run> get(long id) {
        return first("SELECT " + COLUMNS + " FROM ferry_run WHERE id = ?", id);
    }

    /** Runs, newest first. */
    public List<Run> list(Filter filter, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        args.add(limit);
        args.add(offset);
        return query("SELECT " + COLUMNS + " FROM ferry_run" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                args.toArray());
    }

    /** How many runs {@link #list} would show without paging. */
    public long count(Filter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM ferry_run" + where(filter, args);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args.toArray());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot count runs: " + e.getMessage(), e);
        }
    }

    private static String where(Filter filter, List<Object> args) {
        List<String> parts = new ArrayList<>();
        if (filter.source() != null) {
            parts.add("source = ?");
            args.add(filter.source());
        }
        if (filter.target() != null) {
            parts.add("target = ?");
            args.add(filter.target());
        }
        if (filter.state() != null) {
            parts.add("state = ?");
            args.add(filter.state().label());
        }
        if (filter.day() != null) {
            parts.add("run_day = ?");
            args.add(Date.valueOf(filter.day()));
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    /** The counts of a run in progress (or of one that ends: with {@code state} and {@code finished}). */
    public void counts(long id, Map<Status, Long> counts, State state, Instant finished) {
        StringBuilder sql = new StringBuilder("UPDATE ferry_run SET ");
        for (Status status : Status.values()) {
            sql.append(column(status)).append(" = ?, ");
        }
        sql.append("state = COALESCE(?, state), finished_at = COALESCE(?, finished_at) WHERE id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Status status : Status.values()) {
                s.setLong(i++, counts.getOrDefault(status, 0L));
            }
            s.setString(i++, state == null ? null : state.label());
            s.setTimestamp(i++, finished == null ? null : Timestamp.from(finished));
            s.setLong(i, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a run: " + e.getMessage(), e);
        }
    }

    /** Where a run's processed copy goes (relative to the inbox folder). */
    public void kept(long id, String path) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE ferry_run SET kept_path = ? WHERE id = ?")) {
            s.setString(1, path);
            s.setLong(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a run: " + e.getMessage(), e);
        }
    }

    /** Ends a run without changing its counts. */
    public void end(long id, State state, Instant finished) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE ferry_run SET state = ?, finished_at = ? WHERE id = ?")) {
            s.setString(1, state.label());
            s.setTimestamp(2, Timestamp.from(finished));
            s.setLong(3, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a run: " + e.getMessage(), e);
        }
    }

    /**
     * A record of a run whose report is closed got a later outcome (a parked record released): its count moves from
     * {@code from} (null: a record not counted yet) to {@code to}.
     */
    public void moved(long id, Status from, Status to) {
        if (from == to) {
            return;
        }
        String sql = "UPDATE ferry_run SET " + (from == null ? "" : column(from) + " = CASE WHEN " + column(from)
                + " > 0 THEN " + column(from) + " - 1 ELSE 0 END, ") + column(to) + " = " + column(to) + " + 1"
                + " WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot write a run: " + e.getMessage(), e);
        }
    }

    /** Runs that ended (not running) before {@code cutoff}, oldest first. */
    public List<Run> endedBefore(Instant cutoff) {
        return query("SELECT " + COLUMNS + " FROM ferry_run WHERE state <> 'running' AND finished_at < ? ORDER BY id",
                Timestamp.from(cutoff));
    }

    public void delete(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM ferry_run WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot delete a run: " + e.getMessage(), e);
        }
    }

    private Optional<Run> first(String sql, Object... args) {
        List<Run> runs = query(sql, args);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private List<Run> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("store: cannot read runs: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static Run read(ResultSet rs) throws SQLException {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            long count = rs.getLong(column(status));
            if (count != 0) {
                counts.put(status, count);
            }
        }
        long size = rs.getLong("size_bytes");
        Long sizeBytes = rs.wasNull() ? null : size;
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(rs.getLong("id"), rs.getString("source"), rs.getString("target"), rs.getString("kind"),
                rs.getString("input_name"), rs.getString("content_hash"), sizeBytes, rs.getString("instance"),
                rs.getDate("run_day").toLocalDate(), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), State.of(rs.getString("state")),
                rs.getBoolean("dry_run"), rs.getString("report_path"), rs.getString("kept_path"), counts);
    }
}
