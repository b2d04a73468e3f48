package io.ferry.clemta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.Settings;
import io.ferry.delivery.ApiKeyAuth;
import io.ferry.delivery.VendorDelivery;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clemta refuses to start on configuration it cannot work with, saying what to set. */
class ClemtaConfigurationTest {

    private final Store store = new Store("jdbc:h2:mem:clconf-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 1);
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
        ClemtaConfiguration.bind(context, settings(values), new IdMapStore(store.dataSource()));
    }

    @Test
    void withoutAnApiKeyItNamesTheEnvironmentVariable() {
        assertThat(ClemtaConfiguration.missingCredentials(settings(Map.of()))).containsExactly("CLEMTA_API_KEY");
        // Binding still works (the vendor is disabled, its routes do not start); its auth step refuses, naming it.
        bind(Map.of());
        assertThatThrownBy(() -> context.getRegistry().lookupByNameAndType("clemtaAuth", io.ferry.delivery.VendorAuth.class)
                .authorize(new org.apache.camel.support.DefaultExchange(context)))
                .isInstanceOf(io.ferry.delivery.VendorAuthException.class).hasMessageContaining("CLEMTA_API_KEY");
    }

    @Test
    void aKeyIsEnoughAndItGoesInXApiKey() {
        bind(Map.of("clemta.api-key", "clemta_secret"));
        assertThat(context.getRegistry().lookupByNameAndType("clemtaContacts", VendorDelivery.class)).isNotNull();
        DefaultExchange exchange = new DefaultExchange(context);
        context.getRegistry().lookupByNameAndType("clemtaAuth", ApiKeyAuth.class).authorize(exchange);
        assertThat(exchange.getMessage().getHeaders()).containsEntry("X-API-KEY", "clemta_secret")
                .doesNotContainKey("Authorization");
    }

    @Test
    void anUnknownSyncModeStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("clemta.api-key", "k", "clemta.sync-mode", "sometimes")))
                .hasMessageContaining("clemta.sync-mode");
    }
}
