package io.ferry.complycube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.Settings;
import io.ferry.delivery.ApiKeyAuth;
import io.ferry.delivery.VendorDelivery;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ComplyCube refuses to start on configuration it cannot work with, saying what to set. */
class ComplyCubeConfigurationTest {

    private final Store store = new Store("jdbc:h2:mem:ccconf-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 1);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
        store.close();
    }

    private Settings settings(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context.getPropertiesComponent());
    }

    private void bind(Map<String, String> values) {
        ComplyCubeConfiguration.bind(context, settings(values), new IdMapStore(store.dataSource()));
    }

    @Test
    void withoutAnApiKeyItNamesTheEnvironmentVariable() {
        assertThat(ComplyCubeConfiguration.missingCredentials(settings(Map.of()))).containsExactly("COMPLYCUBE_API_KEY");
        // Binding still works (the vendor is disabled, its routes do not start); its auth step refuses, naming it.
        bind(Map.of());
        assertThatThrownBy(() -> context.getRegistry().lookupByNameAndType("complycubeAuth", io.ferry.delivery.VendorAuth.class)
                .authorize(new org.apache.camel.support.DefaultExchange(context)))
                .isInstanceOf(io.ferry.delivery.VendorAuthException.class).hasMessageContaining("COMPLYCUBE_API_KEY");
    }

    @Test
    void aKeyIsEnoughAndItIsSentAsIsButNeverShown() {
        bind(Map.of("complycube.api-key", "live_secret_123"));
        assertThat(ComplyCubeConfiguration.missingCredentials(settings(Map.of("complycube.api-key", "k")))).isEmpty();
        assertThat(context.getRegistry().lookupByNameAndType("complycubeClients", VendorDelivery.class)).isNotNull();
        ApiKeyAuth auth = context.getRegistry().lookupByNameAndType("complycubeAuth", ApiKeyAuth.class);
        DefaultExchange exchange = new DefaultExchange(context);
        auth.authorize(exchange);
        assertThat(exchange.getMessage().getHeader("Authorization")).isEqualTo("live_secret_123");
        assertThat(auth.renew(exchange)).isFalse();
        assertThat(auth.toString()).doesNotContain("live_secret_123");
    }

    @Test
    void anUnknownSyncModeOrAMetadataKeyComplyCubeWouldRefuseStopsTheStart() {
        Map<String, String> values = new HashMap<>(Map.of("complycube.api-key", "k", "complycube.sync-mode", "mirror"));
        assertThatThrownBy(() -> bind(values)).hasMessageContaining("complycube.sync-mode");
        values.put("complycube.sync-mode", "upsert");
        values.put("complycube.external-id-metadata-key", "x".repeat(41));
        assertThatThrownBy(() -> bind(values)).hasMessageStartingWith(
                "configuration complycube.external-id-metadata-key must be at most 40");
    }
}
