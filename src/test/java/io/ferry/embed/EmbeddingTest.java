package io.ferry.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.FerryConfiguration;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.store.Store;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry inside someone else's Camel application: a plain CamelContext (no Ferry main class, no Camel Main) loads
 * Ferry's configuration and routes from the classpath and delivers a record to the sandbox.
 */
class EmbeddingTest {

    @TempDir
    Path dir;

    @Test
    void aPlainCamelContextRunsFerrysRoutesAndDeliversARecord() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             CamelContext camel = new DefaultCamelContext()) {
            // 1. Ferry's defaults (ferry/application.properties in Ferry's jar), then the application's own values.
            camel.getPropertiesComponent().setLocation("classpath:ferry/application.properties");
            Properties mine = new Properties();
            mine.put("ferry.data.dir", dir.resolve("data").toString());
            mine.put("ferry.inbox.dir", dir.resolve("inbox").toString());
            mine.put("ferry.reports.dir", dir.resolve("reports").toString());
            mine.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
            mine.put("ferry.broker.vm-id", "77");
            mine.put("ferry.inbox.read-lock-min-age", "0");
            mine.put("cor.base-url", sandbox.corBaseUrl());
            mine.put("cor.token-url", sandbox.corTokenUrl());
            mine.put("cor.api-key", sandbox.config().corApiKey());
            mine.put("cor.client-secret", sandbox.config().corClientSecret());
            mine.put("cor.source", "SALESFORCE");
            camel.getPropertiesComponent().setOverrideProperties(mine);
            // 2. Ferry's beans (broker, store, delivery, dead letter).
            new FerryConfiguration().configure(camel);
            // 3. Ferry's routes, except its operator interface: the host application has its own HTTP server.
            Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(camel)
                    .findResources("classpath:routes/*.camel.yaml").stream()
                    .filter(route -> !route.getLocation().endsWith("operator.camel.yaml")).toList();
            PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
            camel.start();

            Files.writeString(dir.resolve("inbox/cor-clients/embedded.csv"), "id,name\nEMB-1,Embedded client\n");

            // Every run keeps its file (.done/<day>/<file>.<run id>) and has its own report.
            await().atMost(Duration.ofSeconds(20)).until(() -> !io.ferry.testing.FerryUnderTest.keptCopies(
                    dir.resolve("inbox/cor-clients/.done"), "embedded.csv").isEmpty());
            Path kept = io.ferry.testing.FerryUnderTest.keptCopies(dir.resolve("inbox/cor-clients/.done"),
                    "embedded.csv").get(0);
            assertThat(Files.readString(dir.resolve("reports/cor-clients").resolve(kept.getParent().getFileName())
                    .resolve(kept.getFileName() + ".report.csv"))).contains("1,cor-clients,EMB-1,created,200");
            assertThat(sandbox.corClient("EMB-1")).isPresent();

            // The default store: H2 under the data directory, writing commits within half a second, and rewriting a
            // chunk of its file only once less than half of it is live (docs/performance.md).
            assertThat(h2Settings(camel.getRegistry().lookupByNameAndType("store", Store.class)))
                    .containsEntry("WRITE_DELAY", "500").containsEntry("AUTO_COMPACT_FILL_RATE", "50");
        }
    }

    private static Map<String, String> h2Settings(Store store) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Connection c = store.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
            while (rs.next()) {
                settings.put(rs.getString(1), String.valueOf(rs.getString(2)).strip());
            }
        }
        return settings;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
