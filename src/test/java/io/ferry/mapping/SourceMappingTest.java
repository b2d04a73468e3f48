package io.ferry.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Record;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Salesforce export, three targets, each through its mapping, each with its own report row. */
class SourceMappingTest {

    @TempDir
    Path dir;

    @Test
    void aSalesforceAccountsExportBecomesOneRecordPerTargetWithItsOwnOutcome() throws Exception {
        try (FerryUnderTest ferry = FerryUnderTest.withStubTargets(dir, Map.of())) {
            ferry.drop("salesforce-accounts", "accounts.csv", Files.readAllBytes(Path.of("examples/salesforce/accounts.csv")));

            List<Row> rows = ferry.awaitReport("salesforce-accounts", "accounts.csv");

            assertThat(rows).extracting(row -> row.get("row") + " " + row.get("target") + " " + row.outcome())
                    .containsExactlyInAnyOrder("1 cor-clients created", "1 complycube-clients created",
                            "1 clemta-contacts created", "2 cor-clients created", "2 complycube-clients created",
                            "2 clemta-contacts created", "3 cor-clients created", "3 complycube-clients rejected",
                            "3 clemta-contacts created");
            assertThat(rows).filteredOn(row -> row.outcome().equals("rejected")).singleElement()
                    .extracting(Row::externalId, Row::message).containsExactly("0015g00000InitcAA",
                            "field 'joinedDate' (from 'Created Date'): '2/30/2024' is not a date in the pattern M/d/yyyy");
            List<Record> delivered = ferry.context().getEndpoint("mock:delivered", MockEndpoint.class)
                    .getReceivedExchanges().stream().map(e -> e.getIn().getBody(Record.class)).toList();
            assertThat(delivered).filteredOn(r -> r.target().equals("cor-clients") && r.externalId().equals("0015g00000AcmeAAA"))
                    .singleElement().extracting(r -> r.fields().toString()).isEqualTo("{\"id\":\"0015g00000AcmeAAA\","
                            + "\"name\":\"Acme, Inc\",\"business_name\":\"Acme, Inc\",\"name_contact\":\"Jane\","
                            + "\"last_name_contact\":\"Doe\",\"email_contact\":\"jane.doe@acme.example\","
                            + "\"phone\":\"+1 415 555 0100\",\"website\":\"https://acme.example\","
                            + "\"description\":\"Manufacturing / Customer - Direct\",\"metadata\":{\"source\":\"SALESFORCE\"}}");
            assertThat(delivered).filteredOn(r -> r.target().equals("complycube-clients")).first()
                    .extracting(r -> r.fields().at("/companyDetails/incorporationCountry").asText()).isEqualTo("US");
        }
    }

    @Test
    void aRowWithUndecodableBytesIsRejectedForEachTargetUnderItsOwnId() throws Exception {
        try (FerryUnderTest ferry = FerryUnderTest.withStubTargets(dir, Map.of())) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            bytes.writeBytes("Account ID,Account Name,Primary Contact Email\nACC-1,Caf".getBytes());
            bytes.write(0xE9);
            bytes.writeBytes(",cafe@example.com\n".getBytes());
            ferry.drop("salesforce-accounts", "latin1.csv", bytes.toByteArray());

            List<Row> rows = ferry.awaitReport("salesforce-accounts", "latin1.csv");

            assertThat(rows).extracting(row -> row.get("target") + " " + row.externalId() + " " + row.outcome())
                    .containsExactlyInAnyOrder("cor-clients ACC-1 rejected", "complycube-clients ACC-1 rejected",
                            "clemta-contacts ACC-1 rejected");
            assertThat(rows).extracting(Row::message).containsOnly("field 'Account Name' is not valid UTF-8 (is the"
                    + " file saved in another encoding, such as Latin-1?)");
        }
    }

    @Test
    void aMappingMistakeStopsStartUpNamingTheFileAndLine() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("crm.yaml"), "source: crm\ntargets:\n  cor-clients:\n    id: {from: ID, transform: [rot13]}\n");

        assertThatThrownBy(() -> FerryUnderTest.withStubTargets(dir, Map.of("ferry.mappings.dir", mappings.toString())))
                .hasStackTraceContaining("crm.yaml line 4: unknown transform 'rot13'");
    }
}
