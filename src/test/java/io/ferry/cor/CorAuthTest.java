package io.ferry.cor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.delivery.VendorAuthException;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** COR's client-credentials grant against the sandbox's token endpoint over loopback HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorAuthTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private Sandbox sandbox;
    private MutableClock clock;

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        clock = new MutableClock();
    }

    private CorAuth auth(String key, String secret) {
        return CorAuth.clientCredentials(sandbox.baseUrl() + "/cor/v1/oauth/token", key, secret, Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(5), clock);
    }

    private Exchange authorized(CorAuth auth) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        auth.authorize(exchange);
        return exchange;
    }

    private List<RecordedRequest> tokenCalls() {
        return sandbox.requests().stream().filter(r -> r.path().startsWith("/cor/v1/oauth/token")).toList();
    }

    @Test
    void tokenIsFetchedOnceWithBasicCredentialsAndCachedUntilShortlyBeforeItExpires() throws Exception {
        CorAuth auth = auth("sandbox-cor-key", "sandbox-cor-secret");
        String first = authorized(auth).getMessage().getHeader("Authorization", String.class);
        assertThat(first).startsWith("Bearer ey");
        assertThat(authorized(auth).getMessage().getHeader("Authorization", String.class)).isEqualTo(first);
        assertThat(tokenCalls()).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.path()).isEqualTo("/cor/v1/oauth/token?grant_type=client_credentials");
            assertThat(call.header("Authorization")).isEqualTo("***");
            assertThat(call.body()).isEmpty();
        });

        clock.now = clock.now.plusSeconds(3600 - 61);
        assertThat(authorized(auth).getMessage().getHeader("Authorization", String.class)).isEqualTo(first);
        clock.now = clock.now.plusSeconds(2);
        assertThat(authorized(auth).getMessage().getHeader("Authorization", String.class)).isNotEqualTo(first);
        assertThat(tokenCalls()).hasSize(2);
    }

    @Test
    void aRefusedTokenIsRenewedOnceHoweverManyRecordsSawTheRefusal() throws Exception {
        CorAuth auth = auth("sandbox-cor-key", "sandbox-cor-secret");
        Exchange a = authorized(auth);
        Exchange b = authorized(auth);
        assertThat(auth.renew(a)).isTrue();
        Exchange c = authorized(auth);
        assertThat(auth.renew(b)).isTrue();
        assertThat(authorized(auth).getMessage().getHeader("Authorization"))
                .isEqualTo(c.getMessage().getHeader("Authorization"))
                .isNotEqualTo(a.getMessage().getHeader("Authorization"));
        assertThat(tokenCalls()).hasSize(2);
    }

    @Test
    void wrongCredentialsAreRefusedWithoutRevealingTheSecret() {
        CorAuth auth = auth("sandbox-cor-key", "not-the-secret");
        assertThatThrownBy(() -> authorized(auth)).isInstanceOfSatisfying(VendorAuthException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("HTTP 401", "Invalid client credentials", "COR_API_KEY")
                    .doesNotContain("not-the-secret");
        });
    }

    @Test
    void anUnavailableTokenEndpointIsTransient() {
        sandbox.setFaults("cor", Faults.NONE.withRate503(1.0));
        assertThatThrownBy(() -> authorized(auth("sandbox-cor-key", "sandbox-cor-secret")))
                .isInstanceOfSatisfying(HttpOperationFailedException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(503));
    }

    @Test
    void aStaticTokenIsSentAsIsAndCannotBeRenewed() throws Exception {
        CorAuth auth = CorAuth.staticToken("issued-elsewhere");
        Exchange exchange = authorized(auth);
        assertThat(exchange.getMessage().getHeader("Authorization")).isEqualTo("Bearer issued-elsewhere");
        assertThat(auth.renew(exchange)).isFalse();
        assertThat(auth.toString()).doesNotContain("issued-elsewhere");
        assertThat(tokenCalls()).isEmpty();
    }
}
