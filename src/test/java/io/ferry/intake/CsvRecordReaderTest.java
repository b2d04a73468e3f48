package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.record.Record;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void quotedCommasEmbeddedNewlinesAndBomGiveRecordsAndABrokenRowIsRejectedWithItsRowNumber() throws Exception {
        String csv = "\uFEFFid,name,description\r\n"
                + "SF-1,\"Acme, Inc\",\"two\nlines\"\r\n"
                + "SF-2,\"Say \"\"hi\"\"\",plain\r\n"
                + "SF-3,\"Broken, quote,never closed\r\n"
                + "SF-4,Delta,last\r\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv);

        assertThat(records).hasSize(4);
        assertThat(records.get(0).externalId()).isEqualTo("SF-1");
        assertThat(records.get(0).fields().get("name").asText()).isEqualTo("Acme, Inc");
        assertThat(records.get(0).fields().get("description").asText()).isEqualTo("two\nlines");
        assertThat(records.get(1).fields().get("name").asText()).isEqualTo("Say \"hi\"");
        assertThat(records.get(2).isMalformed()).isTrue();
        assertThat(records.get(2).source().row()).isEqualTo(3);
        assertThat(records.get(2).problem()).contains("line 5").contains("unbalanced quote");
        assertThat(records.get(3).isMalformed()).isFalse();
        assertThat(records.get(3).source().row()).isEqualTo(4);
        assertThat(records.get(3).fields().get("name").asText()).isEqualTo("Delta");
    }

    @Test
    void rowsWithoutQuotesAreCutExactlyAsTheCsvParserCutsThem() throws Exception {
        List<String> rows = List.of("SF-1,  Acme Ltd ,a@x.com", "SF-2,\tBeta\t,  ", "SF-3,,", "SF-4,Gamma,g@x.com,",
                " SF-5 ,O'Brien & Sons,x@y.z", "SF-6,a\\b,c=1+2");
        String csv = "id,name,email\n" + String.join("\n", rows) + "\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv);

        CSVFormat format = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(false).get();
        assertThat(records).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> expected;
            try (CSVParser parser = CSVParser.parse(rows.get(i), format)) {
                expected = parser.getRecords().get(0).toList();
            }
            Record record = records.get(i);
            assertThat(record.isMalformed()).as("row %d", i + 1).isFalse();
            assertThat(record.externalId()).isEqualTo(expected.get(0));
            String[] names = {"id", "name", "email"};
            for (int c = 1; c < names.length; c++) {
                String value = record.fields().has(names[c]) ? record.fields().get(names[c]).asText() : "";
                assertThat(value).as("row %d %s", i + 1, names[c]).isEqualTo(expected.get(c));
            }
        }
    }

    @Test
    void dottedHeadersBecomeNestedObjectsAndListColumnsBecomeArrays() throws Exception {
        String csv = "external_id,personDetails.firstName,personDetails.lastName,billing.address_1,cc_emails\n"
                + "C-1,Jane,Doe,1 Main St,a@x.com; b@x.com\n";

        Record record = ReaderFixtures.read(InputFormat.CSV, csv).get(0);

        assertThat(record.fields().toString()).isEqualTo("{\"external_id\":\"C-1\",\"personDetails\":"
                + "{\"firstName\":\"Jane\",\"lastName\":\"Doe\"},\"billing\":{\"address_1\":\"1 Main St\"},"
                + "\"cc_emails\":[\"a@x.com\",\"b@x.com\"]}");
    }

    @Test
    void emptyCellsAreLeftOutByDefaultAndSentAsNullWhenConfiguredToClear() throws Exception {
        String csv = "id,name,phone\nSF-1,Acme,\n";
        IntakeLimits clear = new IntakeLimits(StandardCharsets.UTF_8, ',', ";", Set.of(), true, 1000, 100, 50);

        assertThat(ReaderFixtures.read(InputFormat.CSV, csv).get(0).fields().has("phone")).isFalse();
        assertThat(ReaderFixtures.read(InputFormat.CSV, csv.getBytes(StandardCharsets.UTF_8), clear).get(0)
                .fields().get("phone").isNull()).isTrue();
    }

    @Test
    void aRowWithTheWrongColumnCountIsRejectedAndTheNextRowIsRead() throws Exception {
        String csv = "id,name,email\nSF-1,Acme\nSF-2,Beta,b@x.com,\nSF-3,Gamma,g@x.com,extra\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv);

        assertThat(records).extracting(Record::isMalformed).containsExactly(true, false, true);
        assertThat(records.get(0).problem()).contains("line 2").contains("2 columns but the header has 3");
        assertThat(records.get(1).externalId()).isEqualTo("SF-2");
    }

    @Test
    void aStrayQuoteInsideAnUnquotedFieldIsText() throws Exception {
        String csv = "id,name\nSF-1,15\" screen\nSF-2,Beta\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv);

        assertThat(records).extracting(r -> r.fields().get("name").asText()).containsExactly("15\" screen", "Beta");
    }

    @Test
    void invalidUtf8AndNulBytesAreRejectedNamingTheField() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,name\nSF-1,Caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // Latin-1 'é' is not valid UTF-8
        bytes.writeBytes("\nSF-2,Nul\0Byte\nSF-3,Fine\n".getBytes(StandardCharsets.UTF_8));

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, bytes.toByteArray(), IntakeLimits.defaults());

        assertThat(records.get(0).problem()).isEqualTo("field 'name' is not valid UTF-8 (is the file saved in another"
                + " encoding, such as Latin-1?)");
        assertThat(records.get(0).externalId()).isEqualTo("SF-1");
        assertThat(records.get(1).problem()).isEqualTo("field 'name' contains a NUL byte");
        assertThat(records.get(1).externalId()).isEqualTo("SF-2");
        assertThat(records.get(2).isMalformed()).isFalse();
    }

    @Test
    void theReplacementCharacterIsTextButAnUndecodableIdIsShownWithIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,name\nSF-1,Caf\uFFFD\nSF-\uFFFD2,Fine\nSF-".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9);
        bytes.writeBytes("3,Caf\u00e9\n".getBytes(StandardCharsets.UTF_8));

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, bytes.toByteArray(), IntakeLimits.defaults());

        assertThat(records.get(0).isMalformed()).isFalse();
        assertThat(records.get(0).fields().get("name").asText()).isEqualTo("Caf\uFFFD");
        assertThat(records.get(1).isMalformed()).isFalse();
        assertThat(records.get(1).externalId()).isEqualTo("SF-\uFFFD2");
        assertThat(records.get(2).problem()).isEqualTo("field 'id' is not valid UTF-8 (is the file saved in another"
                + " encoding, such as Latin-1?)");
        assertThat(records.get(2).externalId()).isEqualTo("SF-\uFFFD3");
    }

    @Test
    void duplicateHeadersAreAcceptedWhenTheyAgreeAndRejectedWhenTheyDiffer() throws Exception {
        String csv = "id,name,name\nSF-1,Acme,Acme\nSF-2,Beta,Other\nSF-3,,Gamma\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv);

        assertThat(records.get(0).fields().get("name").asText()).isEqualTo("Acme");
        assertThat(records.get(1).problem()).isEqualTo("columns 2 and 3 are both named 'name' but hold different values");
        assertThat(records.get(2).fields().get("name").asText()).isEqualTo("Gamma");
    }

    @Test
    void aRowLongerThanTheLimitIsRejectedAndReadingGoesOn() throws Exception {
        IntakeLimits small = new IntakeLimits(StandardCharsets.UTF_8, ',', ";", Set.of(), false, 50, 100, 50);
        String csv = "id,name\nSF-1," + "x".repeat(200) + "\nSF-2,Beta\n";

        List<Record> records = ReaderFixtures.read(InputFormat.CSV, csv.getBytes(StandardCharsets.UTF_8), small);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).problem()).isEqualTo("line 2: field 'name': the row is longer than 50 characters"
                + " (limit ferry.intake.max-record-chars)");
        assertThat(records.get(1).externalId()).isEqualTo("SF-2");
    }

    @Test
    void aFileSeparatedByAnotherCharacterIsUnreadableWithAHint() {
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.CSV, "id;name\nSF-1;Acme\n"))
                .isInstanceOf(UnreadableInputException.class).hasMessage("the header is a single column 'id;name':"
                        + " the file looks separated by ';', not ',' (set ferry.csv.delimiter)");
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.CSV, "id\tname\nSF-1\tAcme\n"))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("looks separated by 'tab'");
    }

    @Test
    void aSemicolonDelimiterIsConfigurable() throws Exception {
        IntakeLimits semicolon = new IntakeLimits(StandardCharsets.UTF_8, ';', "|", Set.of(), false, 1000, 100, 50);

        Record record = ReaderFixtures.read(InputFormat.CSV, "id;name\nSF-1;Acme, Inc\n"
                .getBytes(StandardCharsets.UTF_8), semicolon).get(0);

        assertThat(record.fields().get("name").asText()).isEqualTo("Acme, Inc");
    }

    @Test
    void aFileWithoutUsableHeaderIsUnreadable() {
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.CSV, "\n\n"))
                .isInstanceOf(UnreadableInputException.class).hasMessage("there is no header row");
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.CSV, "billing,billing.email\nx,y\n"))
                .isInstanceOf(UnreadableInputException.class).hasMessageContaining("'billing' is both a value and the parent");
        IntakeLimits narrow = new IntakeLimits(StandardCharsets.UTF_8, ',', ";", Set.of(), false, 100_000, 3, 50);
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.CSV, "a,b,c,d\n1,2,3,4\n".getBytes(StandardCharsets.UTF_8),
                narrow)).isInstanceOf(UnreadableInputException.class).hasMessageContaining("4 columns; the limit is 3");
    }
}
