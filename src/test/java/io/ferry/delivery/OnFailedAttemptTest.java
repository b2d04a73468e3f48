package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.Settings;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class OnFailedAttemptTest {

    // Two redeliveries for any vendor, ten 429s in a row at most.
    private final OnFailedAttempt retryAfter = new OnFailedAttempt(Duration.ofSeconds(120), vendor -> 2, 10);

    @Test
    void a429NeverUsesUpAnAttemptWhileOtherFailuresDo() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        HttpOperationFailedException unavailable = new HttpOperationFailedException("http://x", 503, "Unavailable",
                null, Map.of(), "");
        HttpOperationFailedException rateLimited = new HttpOperationFailedException("http://x", 429, "Too Many",
                null, Map.of(), "");

        assertThat(fail(exchange, unavailable)).as("after the 1st failure").isTrue();
        for (int i = 0; i < 8; i++) {
            assertThat(fail(exchange, rateLimited)).as("429 number " + (i + 1)).isTrue();
        }
        assertThat(fail(exchange, unavailable)).as("after the 2nd failure").isTrue();
        assertThat(fail(exchange, unavailable)).as("after the 3rd failure: 2 redeliveries used").isFalse();
        assertThat(exchange.getProperty(OnFailedAttempt.COUNT)).isEqualTo(11);
    }

    @Test
    void endlessRateLimitingStillEnds() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        HttpOperationFailedException rateLimited = new HttpOperationFailedException("http://x", 429, "Too Many",
                null, Map.of(), "");
        for (int i = 0; i < 10; i++) {
            assertThat(fail(exchange, rateLimited)).isTrue();
        }
        assertThat(fail(exchange, rateLimited)).isFalse();
    }

    /** One failed attempt as the error handler sees it: counted, then asked whether to try again. */
    private boolean fail(Exchange exchange, Exception cause) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        retryAfter.process(exchange);
        return retryAfter.shouldRetry(exchange);
    }

    @Test
    void secondsAndHttpDatesAreReadAndCapped() {
        assertThat(retryAfter.delayMillis(Map.of("Retry-After", "3"))).isEqualTo(3000L);
        assertThat(retryAfter.delayMillis(Map.of("retry-after", "0.5"))).isEqualTo(500L);
        assertThat(retryAfter.delayMillis(Map.of("Retry-After", "3600"))).isEqualTo(120_000L);
        String inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(retryAfter.delayMillis(Map.of("Retry-After", inTenSeconds))).isBetween(8_000L, 10_000L);
        assertThat(retryAfter.delayMillis(Map.of("Retry-After", "soon"))).isNull();
        assertThat(retryAfter.delayMillis(Map.of())).isNull();
    }

    @Test
    void setsTheRedeliveryDelayHeaderOnlyForTheAttemptThatAskedForIt() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://x", 429, "Too Many",
                null, Map.of("Retry-After", "2"), ""));
        retryAfter.process(exchange);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(2000L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://x", 503, "Unavailable",
                null, Map.of(), ""));
        retryAfter.process(exchange);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isNull();
        assertThat(exchange.getProperty(OnFailedAttempt.COUNT)).isEqualTo(2);
    }

    @Test
    void a429OfAnAdaptiveVendorWithoutARateLimitDelaysOnlyItsOwnCall() {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties modes = new Properties();
        modes.setProperty("cor.concurrency.mode", "adaptive");
        modes.setProperty("clemta.concurrency.mode", "fixed");
        context.getPropertiesComponent().setInitialProperties(modes);
        Settings settings = new Settings(context.getPropertiesComponent());
        RateLimits rateLimits = new RateLimits(v -> 0, v -> 1, 1);
        List<String> waits = new CopyOnWriteArrayList<>();
        rateLimits.listener((vendor, nanos) -> waits.add(vendor));
        OnFailedAttempt handler = new OnFailedAttempt(Duration.ofSeconds(120), vendor -> 2, 10, rateLimits,
                VendorConcurrency.from(settings));

        Exchange adaptive = rateLimited(context, "cor", "0.2");
        handler.process(adaptive);
        assertThat(adaptive.getIn().getHeader(Exchange.REDELIVERY_DELAY)).as("its own Retry-After").isEqualTo(200L);
        rateLimits.acquire("cor");
        assertThat(waits).as("another COR call waits for nothing").isEmpty();

        Exchange fixed = rateLimited(context, "clemta", "0.2");
        handler.process(fixed);
        assertThat(fixed.getIn().getHeader(Exchange.REDELIVERY_DELAY)).as("the vendor-wide pause replaces it")
                .isEqualTo(0L);
        assertThat(waits).as("its token waited for the pause of its fixed-mode vendor").containsExactly("clemta");
    }

    private static Exchange rateLimited(DefaultCamelContext context, String vendor, String retryAfter) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(VendorCall.VENDOR, vendor);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new HttpOperationFailedException("http://x", 429,
                "Too Many", null, Map.of("Retry-After", retryAfter), ""));
        return exchange;
    }
}
