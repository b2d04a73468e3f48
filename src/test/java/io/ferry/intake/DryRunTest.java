package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.store.IdMapStore;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run reports what a real run would send, and sends and stores nothing. */
class DryRunTest {

    @TempDir
    Path dir;

    @Test
    void aFileNamedDryRunIsReportedWithThePayloadsAndChangesNothing() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            ferry.deliver(Targets.COR_CLIENTS, "existing.csv", "id,name\nDRY-1,Known client\n");
            int callsBefore = sandbox.requests().size();

            List<Row> preview = ferry.deliver(Targets.COR_CLIENTS, "accounts.dryrun.csv",
                    "id,name,phone\nDRY-1,Known client,555\nDRY-2,New client,\nDRY-3,,\n");
            List<Row> rates = ferry.deliver(Targets.COR_EXCHANGE_RATES, "rates.dryrun.csv",
                    "foreign_currency,base_currency,amount,factor,effective_date\nEUR,USD,1.1,1,2025-05-01\n");
            List<Row> kyc = ferry.deliver(Targets.COMPLYCUBE_CLIENTS, "kyc.dryrun.csv",
                    "externalId,type,email,companyDetails.name\nKYC-1,company,a@acme.example,Acme\n");

            assertThat(preview).extracting(Row::externalId, Row::outcome, Row::message).containsExactly(
                    tuple("DRY-1", "would-update", "PUT /clients/DRY-1 {\"metadata\":{\"source\":\"SALESFORCE\"},"
                            + "\"name\":\"Known client\",\"phone\":\"555\"}"),
                    tuple("DRY-2", "would-create", "POST /clients {\"metadata\":{\"source\":\"SALESFORCE\"},"
                            + "\"id\":\"DRY-2\",\"name\":\"New client\"}"),
                    tuple("DRY-3", "rejected", "the record has no field to update besides its id, and lacks name,"
                            + " which a create needs"));
            assertThat(rates).extracting(Row::outcome).containsExactly("would-create");
            assertThat(kyc).extracting(Row::outcome).containsExactly("would-create");
            assertThat(kyc.get(0).message()).startsWith("POST /clients (unless a lookup finds it) {");
            assertThat(sandbox.requests()).as("calls to the vendors during the dry run").hasSize(callsBefore);
            assertThat(ferry.bean("idMap", IdMapStore.class).find(Targets.COR_CLIENTS, "DRY-2")).isEmpty();

            // Nothing was remembered either: the same rows for real are created.
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "accounts.csv", "id,name\nDRY-2,New client\n"))
                    .extracting(Row::outcome).containsExactly("created");
        }
    }
}
