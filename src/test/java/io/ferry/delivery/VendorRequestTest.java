package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VendorRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bodyHashIsTheSha256OfTheBytesSent() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("metadata").put("source", "SALESFORCE");
        body.put("id", "SF 1/2");
        // Text that JSON escapes, and characters of more than one UTF-8 byte.
        body.put("name", "Zoë \"Quoted\" Ltd\n\u00e9\u4e2d\ud83d\ude00");
        body.putArray("tags").add(1).add(2.5).addNull();
        // Longer than one buffer of the generator, so that the digest sees several writes.
        body.put("description", "x".repeat(20_000));
        VendorRequest request = VendorRequest.post("/clients", body);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.bodyBytes()));
        assertThat(request.bodyHash()).isEqualTo(expected);
        // Hashing again on the same thread starts from a fresh digest.
        assertThat(request.bodyHash()).isEqualTo(expected);
        assertThat(VendorRequest.post("/clients", body.deepCopy().put("id", "SF 1/3")).bodyHash())
                .isNotEqualTo(expected);
    }

    @Test
    void aRequestWithoutBodyHashesNothing() throws Exception {
        String empty = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        assertThat(VendorRequest.get("/clients", null).bodyHash()).isEqualTo(empty);
    }
}
