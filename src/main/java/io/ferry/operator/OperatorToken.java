package io.ferry.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;

/**
 * The operator interface's access rule: with a token configured (FERRY_OPERATOR_TOKEN), every call needs
 * {@code Authorization: Bearer <token>}; a call without it is answered 401.
 */
public final class OperatorToken {

    private final String token;

    /** @param token the operator token, or null/blank for none */
    public OperatorToken(String token) {
        this.token = token == null || token.isBlank() ? null : token;
    }

    /** True when the call may go on; otherwise the exchange is answered 401. */
    public boolean allows(Exchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getIn().getHeader("Authorization", String.class);
        String expected = "Bearer " + token;
        // Constant-time comparison: the token must not leak through response timing.
        if (header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        respond(exchange, 401, "application/json",
                "{\"error\":\"missing or wrong operator token (Authorization: Bearer ...)\"}");
        return false;
    }

    /** Answers the call: status, content type and body, and no other header. */
    public static void respond(Exchange exchange, int status, String contentType, Object body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }
}
