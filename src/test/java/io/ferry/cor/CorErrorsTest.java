package io.ferry.cor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.delivery.VendorError;
import org.junit.jupiter.api.Test;

class CorErrorsTest {

    private final CorErrors errors = new CorErrors();

    @Test
    void documentedCtr006ShapeIsParsed() {
        VendorError e = errors.parse(400, "{\"status\":400,\"name\":\"CORCustomError\",\"code\":\"CTR006\",\"message\":"
                + "\"Cannot save contract. Exchange rate not found for EUR to USD. Please sync exchange rates first.\"}");
        assertThat(e).isEqualTo(new VendorError(400, "CORCustomError", "CTR006", "Cannot save contract. Exchange rate not"
                + " found for EUR to USD. Please sync exchange rates first.", e.raw()));
    }

    @Test
    void namedErrorWithoutCodeUsesTheNameAsCode() {
        VendorError e = errors.parse(400, "{\"name\":\"DuplicateExternalIdError\",\"message\":\"exists\"}");
        assertThat(e.code()).isEqualTo("DuplicateExternalIdError");
        assertThat(e.is("DuplicateExternalIdError")).isTrue();
    }

    @Test
    void unknownShapeKeepsTheRawTextCut() {
        String html = "<html><body>" + "Bad gateway ".repeat(100) + "</body></html>";
        VendorError e = errors.parse(502, html);
        assertThat(e.code()).isEqualTo("HTTP_502");
        assertThat(e.message()).startsWith("<html><body>Bad gateway").hasSize(VendorError.RAW_LIMIT + 3);
        assertThat(errors.parse(400, "[1,2]").message()).isEqualTo("[1,2]");
        assertThat(errors.parse(404, "").message()).isEqualTo("HTTP 404");
    }
}
