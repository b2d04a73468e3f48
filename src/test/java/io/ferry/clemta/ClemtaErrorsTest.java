package io.ferry.clemta;

import static io.ferry.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.delivery.VendorError;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClemtaErrorsTest {

    private final ClemtaErrors errors = new ClemtaErrors();
    private final ClemtaUpsertRules rules = new ClemtaUpsertRules(Set.of("CONTACT_NOT_FOUND", "NOT_FOUND"));

    @Test
    void theDocumentedEnvelopeGivesCodeMessageAndDetails() {
        VendorError e = errors.parse(400, "{\"success\":false,\"message\":\"Invalid request\",\"data\":null,"
                + "\"error\":{\"code\":\"INVALID_REQUEST\",\"details\":\"company_id is required\"}}");
        assertThat(e.code()).isEqualTo("INVALID_REQUEST");
        assertThat(e.message()).isEqualTo("Invalid request: company_id is required");
        VendorError noDetails = errors.parse(400, "{\"success\":false,\"message\":\"Validation failed\","
                + "\"error\":{\"code\":\"VALIDATION_FAILED\"}}");
        assertThat(noDetails.message()).isEqualTo("Validation failed");
    }

    @Test
    void accessDeniedIsCodedForbidden() {
        VendorError e = errors.parse(403, "{\"success\":false,\"message\":\"Access denied\","
                + "\"error\":{\"code\":\"ACCESS_DENIED\",\"details\":\"company not linked\"}}");
        assertThat(e.code()).isEqualTo("FORBIDDEN");
        assertThat(e.message()).isEqualTo("ACCESS_DENIED: Access denied: company not linked");
    }

    @Test
    void bothNotFoundCodesMeanAStaleContactAndAnUnknownCompanyRejects() {
        String contact = "{\"success\":false,\"message\":\"Contact not found\",\"error\":{\"code\":\"%s\"}}";
        assertThat(rules.isNotFound(errors.parse(404, contact.formatted("CONTACT_NOT_FOUND")))).isTrue();
        assertThat(rules.isNotFound(errors.parse(404, contact.formatted("NOT_FOUND")))).isTrue();
        VendorError company = errors.parse(404, contact.formatted("COMPANY_NOT_FOUND"));
        assertThat(rules.isNotFound(company)).isFalse();
        assertThat(rules.rejects(company)).isTrue();
        assertThat(new ClemtaUpsertRules(Set.of("CONTACT_NOT_FOUND")).isNotFound(errors.parse(404,
                contact.formatted("NOT_FOUND")))).isFalse();
    }

    @Test
    void theIdIsInData() {
        assertThat(rules.vendorId(json("{'success':true,'data':{'id':'65f1a2b3c4d5e6f7a8b9c0d1'}}")))
                .isEqualTo("65f1a2b3c4d5e6f7a8b9c0d1");
        assertThat(rules.vendorId(json("{'id':'top-level'}"))).isNull();
        assertThat(errors.parse(502, "<html>Bad gateway</html>").code()).isEqualTo("HTTP_502");
    }
}
