package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.Settings;
import io.ferry.delivery.VendorConcurrency.Mode;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** How each vendor's concurrency mode is decided from the configuration. */
class VendorConcurrencyTest {

    @Test
    void autoIsAdaptiveWhenNoConcurrencyIsConfigured() {
        VendorConcurrency concurrency = VendorConcurrency.from(settings(Map.of()));
        assertThat(concurrency.mode("cor")).isEqualTo(Mode.ADAPTIVE);
        assertThat(concurrency.mode("complycube")).isEqualTo(Mode.ADAPTIVE);
        assertThat(concurrency.mode("clemta")).isEqualTo(Mode.ADAPTIVE);
        assertThat(concurrency.limit("cor")).as("the initial limit").isEqualTo(8);
        assertThat(concurrency.laneThreads("cor-clients", 8)).as("the lanes offer up to the max").isEqualTo(64);
        assertThat(concurrency.describe("cor")).contains("adaptive", "auto: no concurrency configured");
    }

    @Test
    void aConcurrencyChosenForAllTargetsKeepsEveryVendorOnAutoFixed() {
        VendorConcurrency concurrency = VendorConcurrency.from(settings(Map.of("ferry.delivery.concurrency", "1")));
        for (String vendor : new String[] {"cor", "complycube", "clemta"}) {
            assertThat(concurrency.mode(vendor)).as(vendor).isEqualTo(Mode.FIXED);
        }
        assertThat(concurrency.limit("cor")).isEqualTo(1);
        assertThat(concurrency.laneThreads("cor-clients", 1)).isEqualTo(1);
        assertThat(concurrency.describe("clemta")).contains("fixed", "ferry.delivery.concurrency is set");
    }

    @Test
    void aTargetsConcurrencyMakesOnlyItsVendorFixed() {
        VendorConcurrency concurrency = VendorConcurrency.from(settings(Map.of("cor-contracts.concurrency", "2")));
        assertThat(concurrency.mode("cor")).isEqualTo(Mode.FIXED);
        assertThat(concurrency.describe("cor")).contains("cor-contracts.concurrency is set");
        assertThat(concurrency.mode("clemta")).isEqualTo(Mode.ADAPTIVE);
    }

    @Test
    void anExplicitModeWinsOverWhatIsConfigured() {
        VendorConcurrency concurrency = VendorConcurrency.from(settings(Map.of("ferry.delivery.concurrency", "4",
                "cor.concurrency.mode", "adaptive", "clemta.concurrency.mode", "FIXED")));
        assertThat(concurrency.mode("cor")).isEqualTo(Mode.ADAPTIVE);
        assertThat(concurrency.mode("complycube")).as("auto, with a concurrency set").isEqualTo(Mode.FIXED);
        assertThat(concurrency.mode("clemta")).isEqualTo(Mode.FIXED);
        assertThat(concurrency.describe("cor")).doesNotContain("auto");
    }

    @Test
    void anUnknownModeIsAClearError() {
        assertThatThrownBy(() -> VendorConcurrency.from(settings(Map.of("cor.concurrency.mode", "fast"))))
                .hasMessageContaining("cor.concurrency.mode").hasMessageContaining("auto, adaptive or fixed")
                .hasMessageContaining("'fast'");
    }

    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context.getPropertiesComponent());
    }
}
