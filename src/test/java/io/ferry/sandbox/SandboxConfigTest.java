package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SandboxConfig c = SandboxConfig.defaults();

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isZero();
        assertThat(c.corApiKey()).isEqualTo("sandbox-cor-key");
        assertThat(c.corClientSecret()).isEqualTo("sandbox-cor-secret");
        assertThat(c.corTokenTtlSeconds()).isEqualTo(3600);
        assertThat(c.corBaseCurrency()).isEqualTo("USD");
        assertThat(c.knownCurrencies()).contains("USD", "EUR", "GBP", "JPY", "ARS", "BRL").doesNotContain("ZZZ");
        assertThat(c.complycubeApiKey()).isEqualTo("sandbox-complycube-key");
        assertThat(c.complycubeRatePerSecond()).isEqualTo(10);
        assertThat(c.clemtaApiKey()).isEqualTo("sandbox-clemta-key");
        assertThat(c.clemtaCompanyIds()).containsExactly("cmp-sandbox-1", "64b8f1a2e4b0c8d9f0123456");
        assertThat(c.clemtaBillingMerge()).as("a PATCH's billing replaces the contact's").isFalse();
        assertThat(c.clemtaRatePerMinute()).isEqualTo(100);
        assertThat(c.faults(Vendor.COR)).isEqualTo(Faults.NONE);
    }

    @Test
    void dottedKeysOverrideDefaultsAndOtherKeysAreIgnored() {
        SandboxConfig c = SandboxConfig.fromMap(Map.of(
                "sandbox.port", "8099",
                "sandbox.cor.base-currency", "eur",
                "sandbox.cor.token-ttl-seconds", "60",
                "sandbox.cor.currencies", "EUR, USD,ARS",
                "sandbox.complycube.rate-per-second", "0",
                "sandbox.clemta.company-ids", "cmp-a, cmp-b",
                "sandbox.faults.cor.rate-503", "0.2",
                "sandbox.faults.cor.retry-after-seconds", "9",
                "sandbox.faults.clemta.random-latency-ms", "40",
                "cor.base-url", "https://elsewhere.test"));

        assertThat(c.port()).isEqualTo(8099);
        assertThat(c.corBaseCurrency()).isEqualTo("EUR");
        assertThat(c.corTokenTtlSeconds()).isEqualTo(60);
        assertThat(c.knownCurrencies()).containsExactlyInAnyOrder("EUR", "USD", "ARS");
        assertThat(c.complycubeRatePerSecond()).isZero();
        assertThat(c.clemtaCompanyIds()).containsExactly("cmp-a", "cmp-b");
        assertThat(c.faults(Vendor.COR)).isEqualTo(Faults.NONE.withRate503(0.2).withRate429(0, 9));
        assertThat(c.faults(Vendor.CLEMTA).randomLatencyMs()).isEqualTo(40);
        assertThat(c.faults(Vendor.COMPLYCUBE)).isEqualTo(Faults.NONE);
    }

    @Test
    void propertiesWorkLikeAMap() {
        Properties p = new Properties();
        p.setProperty("sandbox.clemta.rate-per-minute", "5");

        assertThat(SandboxConfig.fromProperties(p).clemtaRatePerMinute()).isEqualTo(5);
    }

    @Test
    void typosAndBadValuesFailLoudly() {
        assertThatThrownBy(() -> SandboxConfig.fromMap(Map.of("sandbox.complycube.rate-per-sec", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sandbox.complycube.rate-per-sec");
        assertThatThrownBy(() -> SandboxConfig.fromMap(Map.of("sandbox.port", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sandbox.port");
        assertThatThrownBy(() -> SandboxConfig.fromMap(Map.of("sandbox.faults.cor.rate-503", "1.5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.fromMap(Map.of("sandbox.faults.sap.rate-503", "0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sap");
        assertThatThrownBy(() -> SandboxConfig.builder().corBaseCurrency("XYZ").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxConfig.builder().clemtaCreateStatus(202).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderCopiesCollectionsSoConfigStaysImmutable() {
        List<String> ids = new java.util.ArrayList<>(List.of("cmp-1"));
        SandboxConfig c = SandboxConfig.builder().clemtaCompanyIds(ids).build();
        ids.add("cmp-2");

        assertThat(c.clemtaCompanyIds()).containsExactly("cmp-1");
        assertThatThrownBy(() -> c.faults().put(Vendor.COR, Faults.NONE)).isInstanceOf(UnsupportedOperationException.class);
    }
}
