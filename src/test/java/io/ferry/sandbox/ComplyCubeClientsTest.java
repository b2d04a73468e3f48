package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertComplyCubeError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplyCubeClientsTest {

    private static final String PERSON = """
            {"type":"person","email":"ada@example.com","externalId":"EXT-1","mobile":"+44 7700 900000",
             "personDetails":{"firstName":"Ada","middleName":"King","lastName":"Lovelace","dob":"1815-12-10",
              "gender":"female","nationality":"GB"},"metadata":{"sourceId":"row-7"}}""";
    private static final String COMPANY = """
            {"type":"company","email":"ops@acme.test","companyDetails":{"name":"Acme Ltd","incorporationCountry":"GB",
             "incorporationType":"private_limited_company"}}""";

    private Sandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().complycubeRatePerSecond(0).build());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createReturnsTheClientObject() {
        SandboxClient.Reply reply = client.complycube("POST", "/clients", PERSON);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(body.get("type").asText()).isEqualTo("person");
        assertThat(body.get("entityName").asText()).isEqualTo("Ada King Lovelace");
        assertThat(body.get("externalId").asText()).isEqualTo("EXT-1");
        assertThat(body.at("/personDetails/dob").asText()).isEqualTo("1815-12-10");
        assertThat(body.at("/metadata/sourceId").asText()).isEqualTo("row-7");
        assertThat(body.get("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(client.complycube("GET", "/clients/" + body.get("id").asText(), null).json()).isEqualTo(body);
    }

    @Test
    void companyEntityNameIsTheCompanyName() {
        assertThat(client.complycube("POST", "/clients", COMPANY).json().get("entityName").asText()).isEqualTo("Acme Ltd");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing type          | {\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\"}}                     | type                        | 'type' must be provided",
        "unknown type          | {\"type\":\"robot\",\"email\":\"a@b.co\"}                                                          | type                        | 'type' must be one of: person, company",
        "missing email         | {\"type\":\"person\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\"}}                       | email                       | 'email' must be provided",
        "malformed email       | {\"type\":\"person\",\"email\":\"not-an-email\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\"}} | email                  | 'email' must be a valid email address",
        "no personDetails      | {\"type\":\"person\",\"email\":\"a@b.co\"}                                                         | personDetails               | 'personDetails' must be provided when client type is `person`",
        "no companyDetails     | {\"type\":\"company\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\"}} | companyDetails          | 'companyDetails' must be provided when client type is `company`",
        "no firstName          | {\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"lastName\":\"B\"}}                    | personDetails.firstName     | 'personDetails.firstName' must be provided",
        "no lastName           | {\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\"}}                   | personDetails.lastName      | 'personDetails.lastName' must be provided",
        "no company name       | {\"type\":\"company\",\"email\":\"a@b.co\",\"companyDetails\":{\"website\":\"x.test\"}}              | companyDetails.name         | 'companyDetails.name' must be provided",
        "bad dob               | {\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\",\"dob\":\"10/12/1815\"}} | personDetails.dob | 'personDetails.dob' must be a valid date in the format YYYY-MM-DD",
        "bad gender            | {\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\",\"gender\":\"f\"}} | personDetails.gender | 'personDetails.gender' must be one of: male, female, other",
        "alpha-3 nationality   | {\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\",\"nationality\":\"GBR\"}} | personDetails.nationality | 'personDetails.nationality' must be a valid ISO 3166-1 alpha-2 country code",
        "bad joinedDate        | {\"type\":\"company\",\"email\":\"a@b.co\",\"joinedDate\":\"2024-13-01\",\"companyDetails\":{\"name\":\"A\"}} | joinedDate | 'joinedDate' must be a valid date in the format YYYY-MM-DD",
        "bad incorporationType | {\"type\":\"company\",\"email\":\"a@b.co\",\"companyDetails\":{\"name\":\"A\",\"incorporationType\":\"llc\"}} | companyDetails.incorporationType | 'companyDetails.incorporationType' is not a valid incorporation type",
    })
    void invalidCreateIsInvalidRequestNamingTheParam(String label, String body, String param, String message) {
        assertComplyCubeError(client.complycube("POST", "/clients", body), 400, "invalid_request", message, param);
        assertThat(sandbox.complyCubeClientCount()).isZero();
    }

    @Test
    void metadataLimitsAreEnforcedAtTheirBoundaries() {
        assertThat(client.complycube("POST", "/clients", withMetadata(metadata(20, 40, 500))).status()).isEqualTo(200);

        assertComplyCubeError(client.complycube("POST", "/clients", withMetadata(metadata(21, 10, 10))),
                400, "invalid_request", "'metadata' must not have more than 20 keys", "metadata");
        assertComplyCubeError(client.complycube("POST", "/clients", withMetadata(metadata(1, 41, 10))),
                400, "invalid_request", "'metadata' key names must not be longer than 40 characters", "metadata");
        assertComplyCubeError(client.complycube("POST", "/clients", withMetadata(metadata(1, 10, 501))),
                400, "invalid_request", "'metadata' values must not be longer than 500 characters", "metadata");
        assertThat(sandbox.complyCubeClientCount()).isEqualTo(1);
    }

    @Test
    void unknownIdIsResourceNotFound() {
        String id = "0123456789abcdef01234567";
        assertComplyCubeError(client.complycube("GET", "/clients/" + id, null), 404, "resource_not_found",
                "Invalid client id '" + id + "'", null);
        assertComplyCubeError(client.complycube("POST", "/clients/" + id, "{\"email\":\"x@y.co\"}"), 404,
                "resource_not_found", "Invalid client id '" + id + "'", null);
        assertComplyCubeError(client.complycube("DELETE", "/clients/" + id, null), 404,
                "resource_not_found", "Invalid client id '" + id + "'", null);
    }

    @Test
    void updateMergesAndKeepsWhatWasLeftOut() {
        String id = client.complycube("POST", "/clients", PERSON).json().get("id").asText();

        SandboxClient.Reply reply = client.complycube("POST", "/clients/" + id,
                "{\"email\":\"ada@lovelace.test\",\"personDetails\":{\"lastName\":\"Byron\"},\"metadata\":{\"tier\":\"gold\"}}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("email").asText()).isEqualTo("ada@lovelace.test");
        assertThat(body.at("/personDetails/firstName").asText()).isEqualTo("Ada");
        assertThat(body.at("/personDetails/lastName").asText()).isEqualTo("Byron");
        assertThat(body.at("/metadata/sourceId").asText()).isEqualTo("row-7");
        assertThat(body.at("/metadata/tier").asText()).isEqualTo("gold");
        assertThat(body.get("mobile").asText()).isEqualTo("+44 7700 900000");
    }

    @Test
    void updateCannotChangeTheType() {
        String id = client.complycube("POST", "/clients", PERSON).json().get("id").asText();

        assertComplyCubeError(client.complycube("POST", "/clients/" + id,
                "{\"type\":\"company\",\"companyDetails\":{\"name\":\"Ada Ltd\"}}"),
                400, "invalid_request", "'type' cannot be changed once the client is created", "type");
        assertThat(sandbox.complyCubeClient(id).orElseThrow().get("type").asText()).isEqualTo("person");
        assertThat(client.complycube("POST", "/clients/" + id, "{\"type\":\"person\"}").status()).isEqualTo(200);
    }

    @Test
    void updateThatBreaksARuleIsRejected() {
        String id = client.complycube("POST", "/clients", PERSON).json().get("id").asText();

        assertComplyCubeError(client.complycube("POST", "/clients/" + id, "{\"email\":\"broken\"}"),
                400, "invalid_request", "'email' must be a valid email address", "email");
        assertThat(sandbox.complyCubeClient(id).orElseThrow().get("email").asText()).isEqualTo("ada@example.com");
    }

    @Test
    void deleteAnswers204ThenTheClientIsGone() {
        String id = client.complycube("POST", "/clients", PERSON).json().get("id").asText();

        SandboxClient.Reply reply = client.complycube("DELETE", "/clients/" + id, null);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(client.complycube("GET", "/clients/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void listIsNewestFirstAndPaginated() {
        for (int i = 1; i <= 3; i++) {
            client.complycube("POST", "/clients", "{\"type\":\"company\",\"email\":\"c" + i
                    + "@x.test\",\"companyDetails\":{\"name\":\"C" + i + "\"}}");
        }

        JsonNode page1 = client.complycube("GET", "/clients?pageSize=2", null).json();
        JsonNode page2 = client.complycube("GET", "/clients?pageSize=2&page=2", null).json();

        assertThat(page1.get("totalItems").asInt()).isEqualTo(3);
        assertThat(page1.get("pages").asInt()).isEqualTo(2);
        assertThat(page1.get("pageSize").asInt()).isEqualTo(2);
        assertThat(page1.get("items").findValuesAsText("email")).containsExactly("c3@x.test", "c2@x.test");
        assertThat(page2.get("page").asInt()).isEqualTo(2);
        assertThat(page2.get("items").findValuesAsText("email")).containsExactly("c1@x.test");
    }

    @Test
    void listFiltersByMetadataKeyAndEmail() {
        String id = client.complycube("POST", "/clients", PERSON).json().get("id").asText();
        client.complycube("POST", "/clients", COMPANY);

        JsonNode byMetadata = client.complycube("GET", "/clients?metadata.sourceId=row-7", null).json();
        JsonNode byEmailAndType = client.complycube("GET", "/clients?email=ops%40acme.test&type=company", null).json();
        JsonNode contradicting = client.complycube("GET", "/clients?email=ops%40acme.test&type=person", null).json();

        assertThat(byMetadata.get("totalItems").asInt()).isEqualTo(1);
        assertThat(byMetadata.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(byEmailAndType.at("/items/0/entityName").asText()).isEqualTo("Acme Ltd");
        assertThat(contradicting.get("totalItems").asInt()).isZero();
    }

    @Test
    void filterOnUndocumentedExternalIdFindsNothing() {
        client.complycube("POST", "/clients", PERSON);

        SandboxClient.Reply reply = client.complycube("GET", "/clients?externalId=EXT-1", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("totalItems").asInt()).isZero();
        assertThat(reply.json().get("items")).isEmpty();
    }

    @Test
    void pageSizeOutOfRangeIsInvalidRequest() {
        assertComplyCubeError(client.complycube("GET", "/clients?pageSize=1001", null), 400, "invalid_request",
                "'pageSize' must be an integer between 1 and 1000", "pageSize");
    }

    @Test
    void secondCreateWithSameExternalIdIsAcceptedButCounted() {
        client.complycube("POST", "/clients", PERSON);

        SandboxClient.Reply second = client.complycube("POST", "/clients", PERSON);

        assertThat(second.status()).isEqualTo(200);
        assertThat(sandbox.complyCubeClientCount()).isEqualTo(2);
        assertThat(sandbox.stats().at("/complycube/duplicate_creates").asLong()).isEqualTo(1);
    }

    @Test
    void missingBearerPrefixedOrWrongKeyIsUnauthorized() {
        for (String[] auth : new String[][] {{}, {"Authorization", "Bearer sandbox-complycube-key"},
            {"Authorization", "wrong-key"}}) {
            SandboxClient.Reply reply = client.send("POST", SandboxClient.COMPLYCUBE + "/clients", PERSON, auth);
            assertComplyCubeError(reply, 401, "unauthorized", "The 'Authorization' header is invalid", null);
        }
        assertThat(sandbox.complyCubeClientCount()).isZero();
    }

    private static String withMetadata(String metadata) {
        return "{\"type\":\"person\",\"email\":\"a@b.co\",\"personDetails\":{\"firstName\":\"A\",\"lastName\":\"B\"},"
                + "\"metadata\":" + metadata + "}";
    }

    private static String metadata(int keys, int keyLength, int valueLength) {
        return IntStream.range(0, keys)
                .mapToObj(i -> "\"" + pad("k" + i, keyLength) + "\":\"" + "v".repeat(valueLength) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String pad(String key, int length) {
        return key + "x".repeat(length - key.length());
    }
}
