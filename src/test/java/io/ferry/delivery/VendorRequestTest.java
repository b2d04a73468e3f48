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
        VendorRequest unsent = VendorRequest.post("/clients", body);
        VendorRequest sent = VendorRequest.post("/clients", body);
        byte[] bytes = sent.bodyBytes();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        // Written straight into the digest, and hashed from the bytes that were sent: the same.
        assertThat(unsent.bodyHash()).isEqualTo(expected);
        assertThat(sent.bodyHash()).isEqualTo(expected);
        assertThat(sent.bodyBytes()).isSameAs(bytes);
        // Hashing again on the same thread starts from a fresh digest.
        assertThat(unsent.bodyHash()).isEqualTo(expected);
        assertThat(VendorRequest.post("/clients", body.deepCopy().put("id", "SF 1/3")).bodyHash())
                .isNotEqualTo(expected);
    }

    @Test
    void requestsAreEqualByWhatTheySend() {
        ObjectNode body = JSON.createObjectNode().put("id", "SF-1");
        VendorRequest request = VendorRequest.post("/clients", body);
        request.bodyBytes();
        assertThat(request).isEqualTo(VendorRequest.post("/clients", body.deepCopy()))
                .hasSameHashCodeAs(VendorRequest.post("/clients", body.deepCopy()));
        assertThat(request).isNotEqualTo(VendorRequest.put("/clients", body))
                .isNotEqualTo(VendorRequest.post("/clients/SF-1", body))
                .isNotEqualTo(new VendorRequest("POST", "/clients", "q=1", body, null))
                .isNotEqualTo(new VendorRequest("POST", "/clients", null, body, java.util.Map.of("X-Key", "1")))
                .isNotEqualTo(VendorRequest.post("/clients", body.deepCopy().put("id", "SF-2")));
    }

    @Test
    void aRequestWithoutBodyHashesNothing() throws Exception {
        String empty = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        assertThat(VendorRequest.get("/clients", null).bodyHash()).isEqualTo(empty);
    }
}
