package io.ferry.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Outcome.Status;
import io.ferry.report.Reports;
import io.ferry.report.RunSummary;
import io.ferry.store.RunStore;
import io.ferry.store.RunStore.Run;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.camel.Exchange;

/**
 * The run history over HTTP (operator.camel.yaml): {@code GET /runs} (newest first, paged, filtered by source,
 * target, state and date), {@code GET /runs/{id}} (the run with its rejected, failed and still parked rows) and
 * {@code GET /runs/{id}/report.csv}. Same token rule as the rest of the operator interface.
 */
public final class RunsApi {

    private static final int MAX_PAGE = 500;
    private static final int MAX_ROWS = 5_000;
    // The outcomes a run's page lists: what someone has to look at.
    private static final Set<String> LISTED = Set.of("rejected", "failed", "parked");
    private static final CSVFormat REPORT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private final RunStore runs;
    private final Reports reports;
    private final OperatorToken token;
    private final ObjectMapper json;

    public RunsApi(RunStore runs, Reports reports, OperatorToken token, ObjectMapper json) {
        this.runs = runs;
        this.reports = reports;
        this.token = token;
        this.json = json;
    }

    /** {@code GET /runs?offset=&limit=&source=&target=&state=&date=}. */
    public void list(Exchange exchange) {
        if (!token.allows(exchange)) {
            return;
        }
        RunStore.Filter filter;
        try {
            String state = text(exchange, "state");
            String date = text(exchange, "date");
            filter = new RunStore.Filter(text(exchange, "source"), text(exchange, "target"),
                    state == null ? null : RunStore.State.valueOf(state.toUpperCase(Locale.ROOT)),
                    date == null ? null : LocalDate.parse(date));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error(exchange, 400, "state is running, done, failed or skipped; date is YYYY-MM-DD");
            return;
        }
        int offset = Math.max(0, exchange.getIn().getHeader("offset", 0, Integer.class));
        int limit = Math.min(MAX_PAGE, Math.max(1, exchange.getIn().getHeader("limit", 50, Integer.class)));
        ObjectNode page = json.createObjectNode();
        page.put("offset", offset);
        page.put("limit", limit);
        page.put("total", runs.count(filter));
        ArrayNode list = page.putArray("runs");
        runs.list(filter, offset, limit).forEach(run -> list.add(node(run)));
        OperatorToken.respond(exchange, 200, "application/json", page.toString());
    }

    /** {@code GET /runs/{id}}: the run, and the rows whose final outcome is rejected, failed or parked. */
    public void get(Exchange exchange) {
        if (!token.allows(exchange)) {
            return;
        }
        Optional<Run> run = run(exchange);
        if (run.isEmpty()) {
            return;
        }
        ObjectNode body = node(run.get());
        ArrayNode rows = body.putArray("rows");
        body.put("truncated", listRows(run.get(), rows));
        OperatorToken.respond(exchange, 200, "application/json", body.toString());
    }

    /** {@code GET /runs/{id}/report.csv}: the run's report as it is. */
    public void report(Exchange exchange) throws IOException {
        if (!token.allows(exchange)) {
            return;
        }
        Optional<Run> run = run(exchange);
        if (run.isEmpty()) {
            return;
        }
        Path file = reportOf(run.get());
        if (file == null || !Files.exists(file)) {
            error(exchange, 404, "run " + run.get().id() + " has no report");
            return;
        }
        OperatorToken.respond(exchange, 200, "text/csv; charset=utf-8", Files.readAllBytes(file));
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + run.get().input()
                .replaceAll("[^A-Za-z0-9._-]", "_") + "." + run.get().id() + ".report.csv\"");
    }

    private Optional<Run> run(Exchange exchange) {
        long id;
        try {
            id = Long.parseLong(exchange.getIn().getHeader("id", "", String.class));
        } catch (NumberFormatException e) {
            error(exchange, 400, "a run id is a number");
            return Optional.empty();
        }
        Optional<Run> run = runs.get(id);
        if (run.isEmpty()) {
            error(exchange, 404, "no run " + id);
        }
        return run;
    }

    private ObjectNode node(Run run) {
        ObjectNode node = json.createObjectNode();
        node.put("id", run.id());
        node.put("source", run.source());
        node.put("target", run.target());
        node.put("kind", run.kind());
        node.put("input", run.input());
        node.put("contentHash", run.contentHash());
        if (run.size() != null) {
            node.put("size", run.size());
        }
        node.put("instance", run.instance());
        node.put("day", run.day().toString());
        node.put("started", run.started().toString());
        node.put("finished", run.finished() == null ? null : run.finished().toString());
        node.put("seconds", Duration.between(run.started(), run.finished() != null ? run.finished()
                : java.time.Instant.now()).toMillis() / 1000.0);
        node.put("state", run.state().label());
        node.put("dryRun", run.dryRun());
        node.put("report", run.report());
        node.put("kept", run.kept());
        // A run open in this instance shows its counts as of now; the table has them as of the last interval.
        Map<Status, Long> counts = reports.live(run.id()).map(RunSummary::counts).orElse(run.counts());
        ObjectNode byOutcome = node.putObject("counts");
        long total = 0;
        for (Status status : Status.values()) {
            long count = counts.getOrDefault(status, 0L);
            byOutcome.put(status.label(), count);
            total += count;
        }
        node.put("total", total);
        return node;
    }

    // The listed rows of a run's report, in input order, each with its final outcome; true when cut at MAX_ROWS.
    private boolean listRows(Run run, ArrayNode rows) {
        Path file = reportOf(run);
        if (file == null || !Files.exists(file)) {
            return false;
        }
        Map<String, CSVRecord> last = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord row : REPORT.parse(in)) {
                last.put(row.get("row"), row);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        // Rows are written as records finish; a file's are listed by row number.
        java.util.List<CSVRecord> ordered = new java.util.ArrayList<>(last.values());
        if (ordered.stream().allMatch(row -> row.get("row").matches("\\d{1,18}"))) {
            ordered.sort(java.util.Comparator.comparingLong(row -> Long.parseLong(row.get("row"))));
        }
        int listed = 0;
        for (CSVRecord row : ordered) {
            if (!LISTED.contains(row.get("outcome"))) {
                continue;
            }
            if (++listed > MAX_ROWS) {
                return true;
            }
            ObjectNode node = rows.addObject();
            for (String column : new String[] {"row", "target", "external_id", "outcome", "http_status", "code",
                    "message"}) {
                node.put(column, row.get(column));
            }
        }
        return false;
    }

    private Path reportOf(Run run) {
        if (run.report() == null) {
            return null;
        }
        Path file = reports.dir().resolve(run.report()).normalize();
        return file.startsWith(reports.dir()) ? file : null;
    }

    private static String text(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void error(Exchange exchange, int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        OperatorToken.respond(exchange, status, "application/json", body.toString());
    }
}
