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

    /** The lines of every daily report of a queue, of every instance (a run may pass midnight), oldest first. */
    static List<Row> queueReportLines(Path reports, String queue) throws IOException {
        List<Row> lines = new ArrayList<>();
        if (!Files.isDirectory(reports)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(queue + "-")).sorted().toList()) {
                lines.addAll(rows(file));
            }
        }
        return lines;
    }

    /** The external ids whose final line has one of these outcomes. */
    static Set<String> finalExternalIds(List<Row> lines, Set<String> outcomes) {
        return finalRows(lines).values().stream().filter(line -> outcomes.contains(line.outcome()))
                .map(Row::externalId).collect(Collectors.toSet());
    }
}
