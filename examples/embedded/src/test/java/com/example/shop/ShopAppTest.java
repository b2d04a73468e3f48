package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop with Ferry inside, against Ferry's sandbox: the shop's route publishes customers, Ferry delivers them. */
class ShopAppTest {

    @TempDir
    Path data;

    @Test
    void theShopsCustomersReachCorThroughTheEmbeddedFerry() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            Main shop = ShopApp.create(settings(sandbox));
            shop.start();
            try {
                shop.getCamelContext().createProducerTemplate().sendBody("direct:new-customers", List.of(
                        Map.of("id", "SHOP-1", "name", "First Customer Ltd"),
                        Map.of("id", "SHOP-2", "name", "Second Customer GmbH")));

                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.corClient("SHOP-1").isPresent()
                        && sandbox.corClient("SHOP-2").isPresent());
                assertThat(sandbox.corClient("SHOP-2").orElseThrow().path("name").asText())
                        .isEqualTo("Second Customer GmbH");
                assertThat(sandbox.corClient("SAP", "SHOP-1")).as("created under the shop's own cor.source, which"
                        + " wins over Ferry's default").isPresent();
            } finally {
                shop.stop();
            }
        }
    }

    @Test
    void theClassPathHoldsOneCopyOfCamelJacksonAndArtemis() throws Exception {
        for (String type : List.of("org/apache/camel/CamelContext.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class",
                "org/apache/activemq/artemis/api/core/SimpleString.class")) {
            List<URL> copies = Collections.list(getClass().getClassLoader().getResources(type));
            assertThat(copies).as(type).hasSize(1);
            assertThat(copies.get(0).toString()).as("where " + type + " comes from").doesNotContain("/ferry-");
        }
    }

    private Map<String, String> settings(Sandbox sandbox) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("ferry.data.dir", data.resolve("ferry").toString());
        settings.put("ferry.inbox.dir", data.resolve("inbox").toString());
        settings.put("ferry.reports.dir", data.resolve("reports").toString());
        settings.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
        settings.put("cor.base-url", sandbox.corBaseUrl());
        settings.put("cor.token-url", sandbox.corTokenUrl());
        settings.put("cor.api-key", sandbox.config().corApiKey());
        settings.put("cor.client-secret", sandbox.config().corClientSecret());
        return settings;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
