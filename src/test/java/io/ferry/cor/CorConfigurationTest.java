package io.ferry.cor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.Settings;
import io.ferry.delivery.OrderKey;
import io.ferry.delivery.VendorDelivery;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** COR refuses to start on configuration it cannot work with, saying what to set. */
class CorConfigurationTest {

    private final Store store = new Store("jdbc:h2:mem:corconf-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 1);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
        store.close();
    }

    private AutoCloseable bind(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setInitialProperties(properties);
        return CorConfiguration.bind(context, new Settings(context.getPropertiesComponent()),
                new IdMapStore(store.dataSource()));
    }

    private static Map<String, String> valid() {
        Map<String, String> values = new HashMap<>();
        values.put("cor.api-key", "k");
        values.put("cor.client-secret", "s");
        return values;
    }

    @Test
    void withoutCredentialsItNamesTheEnvironmentVariables() {
        Properties properties = new Properties();
        properties.put("cor.api-key", "k");
        context.getPropertiesComponent().setInitialProperties(properties);

        assertThat(CorConfiguration.missingCredentials(new Settings(context.getPropertiesComponent())))
                .singleElement().asString()
                .startsWith("COR_CLIENT_SECRET (OAuth client credentials)")
                .contains("or COR_ACCESS_TOKEN")
                .doesNotContain("COR_API_KEY");
    }

    @Test
    void aStaticTokenIsEnoughAndCredentialsAreEnoughToBindTheBeans() throws Exception {
        bind(Map.of("cor.access-token", "t")).close();
        bind(valid()).close();
        assertThat(context.getRegistry().lookupByNameAndType("corClients", VendorDelivery.class)).isNotNull();
        assertThat(context.getRegistry().lookupByName("corRates")).isInstanceOf(CorRates.class);
    }

    @Test
    void aContractIsOrderedByItsClientUnlessConfiguredOtherwise() throws Exception {
        bind(valid()).close();
        assertThat(delivery("corContracts").orderKey()).isEqualTo(OrderKey.of("client_id"));
        assertThat(delivery("corClients").orderKey()).isEqualTo(OrderKey.EXTERNAL_ID);

        Map<String, String> values = valid();
        values.put("cor.contracts.order-key", "id");
        values.put("cor.clients.order-key", "business_name");
        bind(values).close();
        assertThat(delivery("corContracts").orderKey()).isEqualTo(OrderKey.of("id"));
        assertThat(delivery("corClients").orderKey()).isEqualTo(OrderKey.of("business_name"));
    }

    private VendorDelivery delivery(String name) {
        return context.getRegistry().lookupByNameAndType(name, VendorDelivery.class);
    }

    @Test
    void anUndocumentedSourceIsRefused() {
        Map<String, String> values = valid();
        values.put("cor.source", "EXCEL");
        assertThatThrownBy(() -> bind(values)).hasMessage("configuration cor.source must be one of the sources COR"
                + " documents (JIRA, SALESFORCE, ADVERTMIND, QUICKBOOKS, ZAPIER, OKTA, MICROSOFT_DYNAMICS, GITHUB,"
                + " MICROSOFT_TEAMS, VBS, SAP, GLOBANT), not 'EXCEL'");
    }

    @Test
    void syncModesAndBatchSizeAreChecked() {
        Map<String, String> mode = valid();
        mode.put("cor.contracts.sync-mode", "mirror");
        assertThatThrownBy(() -> bind(mode)).hasMessage(
                "configuration cor.contracts.sync-mode must be upsert, create-only or update-only, not 'mirror'");
        Map<String, String> batch = valid();
        batch.put("cor.rates.batch-size", "21");
        assertThatThrownBy(() -> bind(batch)).hasMessageContaining("cor.rates.batch-size must be between 1 and 20");
    }
}
