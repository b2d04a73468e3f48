package io.ferry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ferry.delivery.VendorCall;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor-call timer in a plain CamelContext where it is the only event notifier (an embedding application without
 * Camel's Micrometer notifiers): every HTTP call is still timed, and other sends are not.
 */
class VendorCallTimerTest {

    private HttpServer vendor;
    private CamelContext camel;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.createContext("/things", exchange -> {
            byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        vendor.start();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("meters", meters);
        camel.getManagementStrategy().addEventNotifier(new VendorCallTimer(new FerryMetrics(camel), null));
        String url = "http://127.0.0.1:" + vendor.getAddress().getPort() + "/things";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to(url);
                from("direct:other").to("mock:other");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        vendor.stop(0);
    }

    @Test
    void everyVendorCallIsTimedWithoutAnyOtherNotifier() {
        for (int i = 0; i < 3; i++) {
            Exchange answered = camel.createProducerTemplate().send("direct:call", exchange ->
                    exchange.setProperty(VendorCall.VENDOR, "ACME"));
            assertThat(answered.getException()).isNull();
            camel.createProducerTemplate().sendBody("direct:other", "not a vendor call");
        }

        Timer calls = meters.find("ferry.vendor.calls").tags("vendor", "acme", "status", "200").timer();
        assertThat(calls).as("ferry.vendor.calls{vendor=acme,status=200}").isNotNull();
        assertThat(calls.count()).isEqualTo(3);
        assertThat(meters.find("ferry.vendor.calls").timers()).hasSize(1);
    }
}
