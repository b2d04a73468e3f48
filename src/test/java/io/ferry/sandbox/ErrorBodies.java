package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on the exact error envelopes of the three APIs. */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static void assertCorError(SandboxClient.Reply reply, int status, String name, String code, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.size()).as(reply.body()).isEqualTo(4);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("name").asText()).isEqualTo(name);
        assertThat(body.get("code").asText()).isEqualTo(code);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
    }

    static void assertComplyCubeError(SandboxClient.Reply reply, int status, String type, String message, String param) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.get("type").asText()).as(reply.body()).isEqualTo(type);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
        if (param == null) {
            assertThat(body.has("param")).as(reply.body()).isFalse();
        } else {
            assertThat(body.path("param").asText()).as(reply.body()).isEqualTo(param);
        }
    }

    static void assertClemtaError(SandboxClient.Reply reply, int status, String code, String details) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean(true)).isFalse();
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.get("data").isNull()).as(reply.body()).isTrue();
        assertThat(body.path("error").path("code").asText()).as(reply.body()).isEqualTo(code);
        if (details != null) {
            assertThat(body.path("error").path("details").asText()).isEqualTo(details);
        }
    }
}
