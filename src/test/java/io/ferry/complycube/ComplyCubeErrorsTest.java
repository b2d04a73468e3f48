package io.ferry.complycube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.delivery.VendorError;
import org.junit.jupiter.api.Test;

class ComplyCubeErrorsTest {

    private final ComplyCubeErrors errors = new ComplyCubeErrors();
    private final ComplyCubeUpsertRules rules = new ComplyCubeUpsertRules();

    @Test
    void aValidationErrorKeepsTypeParamAndMessage() {
        VendorError e = errors.parse(400, "{\"type\":\"invalid_request\",\"message\":\"'personDetails' must be provided"
                + " when client type is `person`\",\"param\":\"personDetails\"}");
        assertThat(e.name()).isEqualTo("invalid_request");
        assertThat(e.code()).isEqualTo("invalid_request");
        assertThat(e.message()).isEqualTo("'personDetails' must be provided when client type is `person`"
                + " (param: personDetails)");
        assertThat(rules.isNotFound(e)).isFalse();
    }

    @Test
    void aForbiddenAnswerIsCodedForbiddenWithItsTypeInTheMessage() {
        VendorError e = errors.parse(403, "{\"type\":\"unauthorized\",\"message\":\"Your current plan does not include"
                + " access to this service\"}");
        assertThat(e.code()).isEqualTo("FORBIDDEN");
        assertThat(e.message()).isEqualTo("unauthorized: Your current plan does not include access to this service");
    }

    @Test
    void onlyA404ResourceNotFoundMeansTheClientIsGone() {
        assertThat(rules.isNotFound(errors.parse(404, "{\"type\":\"resource_not_found\",\"message\":\"Invalid client"
                + " id 'abc'\"}"))).isTrue();
        assertThat(rules.isNotFound(errors.parse(400, "{\"type\":\"resource_not_found\",\"message\":\"x\"}"))).isFalse();
        assertThat(rules.isNotFound(errors.parse(404, "<html>not found</html>"))).isFalse();
    }

    @Test
    void anUnknownShapeKeepsTheRawText() {
        VendorError e = errors.parse(502, "<html>Bad gateway</html>");
        assertThat(e.code()).isEqualTo("HTTP_502");
        assertThat(e.message()).isEqualTo("<html>Bad gateway</html>");
        assertThat(errors.parse(500, "").message()).isEqualTo("HTTP 500");
    }
}
