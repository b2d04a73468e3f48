package io.ferry.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

/** The report's plain rows: written as the CSV printer would, and only when the printer would quote nothing. */
class ReportWriterTest {

    @Test
    void aPlainRowIsWrittenExactlyAsThePrinterWritesIt() throws IOException {
        List<String[]> rows = List.of(
                new String[] {"12", "cor-clients", "C-12", "unchanged", "", "UNCHANGED",
                    "same payload as last delivered; not sent"},
                new String[] {"7", "cor-clients", "C-7", "created", "201", "", ""},
                new String[] {"message 3 #1", "clemta-contacts", "x.y@example.com", "failed", "422", "VALIDATION",
                    "name: must not be blank (it was: '') - see docs/a_b?c=d&e=f"},
                new String[] {"row", "target", "external_id", "outcome", "http_status", "code", "message"});
        for (String[] cells : rows) {
            assertThat(ReportWriter.plainLine(cells)).as(String.join("|", cells)).isEqualTo(printed(cells));
        }
    }

    @Test
    void aRowThePrinterWouldQuoteGoesThroughThePrinter() {
        List<String[]> rows = List.of(
                new String[] {"1", "cor-clients", "C-1", "failed", "400", "X", "a, b"},
                new String[] {"1", "cor-clients", "C-1", "failed", "400", "X", "say \"hi\""},
                new String[] {"1", "cor-clients", "C-1", "failed", "400", "X", "two\nlines"},
                new String[] {"1", "cor-clients", "C-1", "failed", "400", "X", "ends with a space "},
                new String[] {"1", "cor-clients", "#C-1", "failed", "400", "X", "m"},
                new String[] {"1", "cor-clients", "'=cmd", "failed", "400", "X", "m"},
                new String[] {"1", "cor-clients", " C-1", "failed", "400", "X", "m"},
                new String[] {"", "cor-clients", "C-1", "failed", "400", "X", "m"},
                new String[] {"1", "cor-clients", "Zürich", "created", "201", "", ""},
                new String[] {"1", "cor-clients", "C-1", "failed", "400", "X", "tab\there"});
        for (String[] cells : rows) {
            assertThat(ReportWriter.plainLine(cells)).as(String.join("|", cells)).isNull();
        }
    }

    private static String printed(String[] cells) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, ReportWriter.FORMAT)) {
            printer.printRecord((Object[]) cells);
        }
        return out.toString();
    }
}
