package io.ferry.proof;

import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.ReportRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads a report CSV written by a Ferry in another JVM; the final outcome of a row is its last line. */
final class ReportFile {

    private ReportFile() {
    }

    /** Every complete line of the report in file order (empty while it does not exist). */
    static List<Row> rows(Path report) throws IOException {
        return ReportRows.read(report);
    }

    /** The final outcome of every row label: the last line written for it. */
    static Map<String, Row> finalRows(List<Row> rows) {
        Map<String, Row> last = new LinkedHashMap<>();
        rows.forEach(row -> last.put(row.get("row"), row));
        return last;
    }

    /**
     * The lines of every report of a queue: one per run, a run being a day of one instance
     * ({@code <queue>/<day>/<queue>.<run id>.report.csv}), oldest run first.
     */
    static List<Row> queueReportLines(Path reports, String queue) throws IOException {
        List<Row> lines = new ArrayList<>();
        for (Path file : reportsOf(reports, queue)) {
            lines.addAll(rows(file));
        }
        return lines;
    }

    /** The reports of every run of an input (a file name, a queue), oldest run first. */
    static List<Path> reportsOf(Path reports, String input) throws IOException {
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(input)
                + "\\.(\\d+)\\.report\\.csv");
        try (Stream<Path> files = Files.walk(reports, 3)) {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .sorted(java.util.Comparator.comparingLong(f -> {
                        java.util.regex.Matcher m = name.matcher(f.getFileName().toString());
                        m.matches();
                        return Long.parseLong(m.group(1));
                    })).toList();
        }
    }

    /** The report of the latest run of an input file; null while there is none. */
    static Path latest(Path reports, String input) throws IOException {
        List<Path> all = reportsOf(reports, input);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** The external ids whose final line has one of these outcomes. */
    static Set<String> finalExternalIds(List<Row> lines, Set<String> outcomes) {
        return finalRows(lines).values().stream().filter(line -> outcomes.contains(line.outcome()))
                .map(Row::externalId).collect(Collectors.toSet());
    }
}
