package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.record.Record;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {

    private static final String CSV = "id,name,metadata.source,cc_emails\n"
            + "SF-1,\"Acme, Inc\",SALESFORCE,a@x.com;b@x.com\n"
            + "SF-2,Beta,SALESFORCE,c@x.com\n";
    private static final String FIRST = "{\"id\":\"SF-1\",\"name\":\"Acme, Inc\",\"metadata\":{\"source\":\"SALESFORCE\"},"
            + "\"cc_emails\":[\"a@x.com\",\"b@x.com\"]}";
    private static final String SECOND = "{\"id\":\"SF-2\",\"name\":\"Beta\",\"metadata\":{\"source\":\"SALESFORCE\"},"
            + "\"cc_emails\":[\"c@x.com\"]}";

    @Test
    void aJsonArrayAnObjectAndNdjsonGiveTheSameRecordsAsTheEquivalentCsv() throws Exception {
        List<Record> fromCsv = ReaderFixtures.read(InputFormat.CSV, CSV);
        List<Record> fromArray = ReaderFixtures.read(InputFormat.JSON, "[\n" + FIRST + ",\n" + SECOND + "\n]");
        List<Record> fromObject = ReaderFixtures.read(InputFormat.JSON, FIRST);
        List<Record> fromNdjson = ReaderFixtures.read(InputFormat.NDJSON, FIRST + "\n\n" + SECOND + "\n");

        assertThat(fromCsv).hasSize(2);
        assertThat(fromArray).extracting(Record::fields).isEqualTo(fromCsv.stream().map(Record::fields).toList());
        assertThat(fromArray).extracting(Record::externalId).containsExactly("SF-1", "SF-2");
        assertThat(fromObject).extracting(Record::fields).containsExactly(fromCsv.get(0).fields());
        assertThat(fromNdjson).extracting(Record::fields).isEqualTo(fromCsv.stream().map(Record::fields).toList());
        assertThat(fromNdjson).extracting(r -> r.source().row()).containsExactly(1L, 3L);
    }

    @Test
    void aNonObjectElementIsRejectedAndTheArrayGoesOn() throws Exception {
        List<Record> records = ReaderFixtures.read(InputFormat.JSON, "[" + FIRST + ", [1,2], \"x\", " + SECOND + "]");

        assertThat(records).extracting(Record::isMalformed).containsExactly(false, true, true, false);
        assertThat(records.get(1).problem()).isEqualTo("element 2 is an array, expected an object");
        assertThat(records.get(2).problem()).isEqualTo("element 3 is a string, expected an object");
    }

    @Test
    void truncatedJsonRejectsTheRowWhereItBreaksAfterDeliveringTheRowsBefore() throws Exception {
        List<Record> records = ReaderFixtures.read(InputFormat.JSON, "[" + FIRST + ", {\"id\":\"SF-2\",\"na");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).isMalformed()).isFalse();
        assertThat(records.get(1).source().row()).isEqualTo(2);
        assertThat(records.get(1).problem()).startsWith("truncated JSON: the file ends inside element 2 at line 1");
    }

    @Test
    void trailingCommasAreRead() throws Exception {
        List<Record> records = ReaderFixtures.read(InputFormat.JSON, "[" + FIRST + "," + SECOND.replace("\"]}", "\"],}")
                + ",]");

        assertThat(records).extracting(Record::isMalformed).containsExactly(false, false);
        assertThat(records).extracting(Record::externalId).containsExactly("SF-1", "SF-2");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedWithoutExhaustingTheStack() throws Exception {
        String deep = "[" + "[".repeat(100_000) + "]".repeat(100_000) + "]";

        List<Record> records = ReaderFixtures.read(InputFormat.JSON, deep);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).problem())
                .contains("nested deeper than 200 levels (limit ferry.intake.max-nesting-depth)");
    }

    @Test
    void ndjsonBadLinesAreRejectedOneByOne() throws Exception {
        List<Record> records = ReaderFixtures.read(InputFormat.NDJSON,
                FIRST + "\n[1,2]\n{\"id\": oops}\n" + SECOND + "\n");

        assertThat(records).extracting(Record::isMalformed).containsExactly(false, true, true, false);
        assertThat(records.get(1).problem()).isEqualTo("line 2 is an array, expected one JSON object per line");
        assertThat(records.get(2).problem()).startsWith("invalid JSON on line 3");
        assertThat(records.get(3).source().row()).isEqualTo(4);
    }

    @Test
    void contentAfterASingleObjectIsRejected() throws Exception {
        List<Record> records = ReaderFixtures.read(InputFormat.JSON, FIRST + "\n" + SECOND);

        assertThat(records).extracting(Record::isMalformed).containsExactly(false, true);
        assertThat(records.get(1).problem()).startsWith("unexpected content after the JSON document");
    }

    @Test
    void aScalarDocumentIsUnreadable() {
        assertThatThrownBy(() -> ReaderFixtures.read(InputFormat.JSON, "42"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("expected a JSON object or an array of objects, found a number");
    }
}
