package io.ferry.complycube;

import static io.ferry.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertLookup;
import org.junit.jupiter.api.Test;

/** Finding a client without the id map: by the metadata key, then by e-mail, with the rules of api-reference.md §2.4. */
class ComplyCubeLookupTest {

    private final ComplyCubeLookup lookup = new ComplyCubeLookup("ferry_external_id", "JD 1", "jane+kyc@example.com");

    private static String client(String id, String type, String email, String externalId, String metadataValue) {
        return "{'id':'" + id + "','type':'" + type + "','email':'" + email + "'"
                + (externalId == null ? "" : ",'externalId':'" + externalId + "'")
                + (metadataValue == null ? "" : ",'metadata':{'ferry_external_id':'" + metadataValue + "'}") + "}";
    }

    private static com.fasterxml.jackson.databind.JsonNode items(String... clients) {
        return json("{'page':1,'pageSize':100,'totalItems':" + clients.length + ",'items':["
                + String.join(",", clients) + "]}");
    }

    @Test
    void theMetadataKeyIsAskedFirstAndOneExactMatchIsTheClient() {
        assertThat(lookup.first().toString()).isEqualTo("GET /clients?metadata.ferry_external_id=JD%201 ");
        assertThat(lookup.read(items(client("c1", "company", "x@example.com", null, "JD 1"),
                client("c2", "person", "y@example.com", null, "JD 10"))))
                .isEqualTo(new UpsertLookup.Found("c1", Pinned.NONE.with("type", "company"), false));
    }

    @Test
    void severalClientsWithTheMetadataValueAreAmbiguous() {
        UpsertLookup.Result result = lookup.read(items(client("c1", "person", "a@example.com", null, "JD 1"),
                client("c2", "person", "b@example.com", null, "JD 1")));
        assertThat(result).isInstanceOf(UpsertLookup.Ambiguous.class);
        assertThat(((UpsertLookup.Ambiguous) result).message()).startsWith("2 ComplyCube clients carry"
                + " metadata.ferry_external_id = JD 1 (ids c1, c2)");
    }

    @Test
    void thenTheEmailAndOnlyASingleClientWithoutAnotherExternalIdCounts() {
        UpsertLookup.Result next = lookup.read(items());
        assertThat(next).isEqualTo(new UpsertLookup.Next(io.ferry.delivery.VendorRequest.get("/clients",
                "email=jane%2Bkyc%40example.com")));
        assertThat(lookup.read(items(client("c3", "person", "Jane+KYC@example.com", null, null))))
                .isEqualTo(new UpsertLookup.Found("c3", Pinned.NONE.with("type", "person"), true));
    }

    @Test
    void anEmailMatchWithAnotherExternalIdOrSeveralMatchesMeansCreate() {
        lookup.read(items());
        assertThat(lookup.read(items(client("c3", "person", "jane+kyc@example.com", "OTHER", null))))
                .isEqualTo(new UpsertLookup.NotFound());
        ComplyCubeLookup again = new ComplyCubeLookup("ferry_external_id", "JD 1", "jane+kyc@example.com");
        again.read(items());
        assertThat(again.read(items(client("c3", "person", "jane+kyc@example.com", "JD 1", null),
                client("c4", "person", "jane+kyc@example.com", null, null)))).isEqualTo(new UpsertLookup.NotFound());
        ComplyCubeLookup same = new ComplyCubeLookup("ferry_external_id", "JD 1", "jane+kyc@example.com");
        same.read(items());
        assertThat(same.read(items(client("c5", "person", "jane+kyc@example.com", "JD 1", null))))
                .isEqualTo(new UpsertLookup.Found("c5", Pinned.NONE.with("type", "person"), true));
    }

    @Test
    void withoutAnEmailOnlyTheMetadataKeyIsAsked() {
        ComplyCubeLookup noEmail = new ComplyCubeLookup("ferry_external_id", "JD 1", null);
        assertThat(noEmail.read(items())).isEqualTo(new UpsertLookup.NotFound());
    }
}
