package io.ferry.testing;

import io.ferry.testing.FerryUnderTest.Row;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a report CSV that Ferry may still be writing, in this JVM or another one: only whole lines count. A line
 * being written (or torn by a kill, which Ferry cuts off when it resumes the report) is left out, so a poll never
 * sees a row whose outcome is half there.
 */
public final class ReportRows {

    private ReportRows() {
    }

    /** Every complete line of the report in file order (empty while it does not exist). */
    public static List<Row> read(Path report) throws IOException {
        List<Row> rows = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(report);
        } catch (NoSuchFileException e) {
            return rows;
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String whole = new String(bytes, 0, end, StandardCharsets.UTF_8);
        for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(whole))) {
            rows.add(new Row(new LinkedHashMap<>(record.toMap())));
        }
        return rows;
    }
}
