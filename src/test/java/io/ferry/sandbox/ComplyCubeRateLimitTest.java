package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertComplyCubeError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplyCubeRateLimitTest {

    @Test
    void requestsOverTheRateGet429RateLimitExceeded() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            SandboxClient client = new SandboxClient(sandbox);
            List<SandboxClient.Reply> replies = new ArrayList<>();
            // 25 back-to-back calls take far less than a second on loopback, so the 11th is over 10/s.
            for (int i = 0; i < 25; i++) {
                replies.add(client.complycube("GET", "/clients", null));
            }

            assertThat(replies.subList(0, 10)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            SandboxClient.Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertComplyCubeError(limited, 429, "rate_limit_exceeded",
                    "You have exceeded the rate limit of 10 requests per second", null);
            assertThat(sandbox.stats().at("/complycube/operations/clients.list/rejections/rate_limit_exceeded").asLong())
                    .isPositive();
        }
    }

    @Test
    void zeroMeansUnlimited() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().complycubeRatePerSecond(0).build())) {
            SandboxClient client = new SandboxClient(sandbox);
            for (int i = 0; i < 50; i++) {
                assertThat(client.complycube("GET", "/clients", null).status()).isEqualTo(200);
            }
        }
    }
}
