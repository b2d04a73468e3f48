package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertClemtaError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClemtaRateLimitTest {

    private static final int LIMIT = 3;

    @Test
    void everyAnswerCarriesRateHeadersAndOverTheLimitIs429WithRetryAfter() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().clemtaRatePerMinute(LIMIT).build())) {
            SandboxClient client = new SandboxClient(sandbox);
            List<SandboxClient.Reply> replies = new ArrayList<>();
            // 2 * LIMIT + 1 calls overflow at least one clock-minute window even if a minute boundary falls between them.
            for (int i = 0; i < 2 * LIMIT + 1; i++) {
                replies.add(client.clemta("GET", "/contacts?company_id=cmp-sandbox-1", null));
            }

            SandboxClient.Reply first = replies.get(0);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("X-RateLimit-API")).isEqualTo(LIMIT + " requests per minute");
            assertThat(first.header("X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
            assertThat(Integer.parseInt(first.header("X-RateLimit-Remaining"))).isBetween(0, LIMIT - 1);
            assertThat(Long.parseLong(first.header("X-RateLimit-Reset"))).isGreaterThan(System.currentTimeMillis() / 1000 - 1);
            assertThat(first.header("X-RateLimit-Type")).isEqualTo("api_key");

            SandboxClient.Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertClemtaError(limited, 429, "RATE_LIMIT_EXCEEDED", null);
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(sandbox.stats().at("/clemta/operations/contacts.list/rejections/RATE_LIMIT_EXCEEDED").asLong())
                    .isPositive();
        }
    }

    @Test
    void unauthenticatedAnswersCarryRateHeadersToo() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            SandboxClient.Reply reply = new SandboxClient(sandbox).send("GET", "/clemta/contacts?company_id=x", null);

            assertClemtaError(reply, 401, "API_KEY_REQUIRED", null);
            assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("100");
        }
    }
}
