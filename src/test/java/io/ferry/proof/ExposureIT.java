package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Ferry exposes, with the shipped configuration (only the ports are changed, to free ones): the operator
 * interface and the broker acceptor listen on loopback only, nothing else listens at all, and with an operator token
 * every operator request without it (or with a wrong one) gets 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposureIT {

    private static final String TOKEN = "operator-token-for-the-exposure-test";
    private static final List<String> OPERATOR_CALLS = List.of("GET /deadletter", "GET /deadletter/entries",
            "POST /deadletter/replay?awaiting=fx:EUR", "POST /deadletter/discard?id=x", "GET /vendors",
            "POST /vendors/resume?vendor=cor", "GET /runs", "GET /runs/1", "GET /runs/1/report.csv");

    private FerryProcess ferry;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        ferry = new FerryProcess(root, Map.of(), Map.of("COR_ACCESS_TOKEN", "exposure-test-token-never-sent",
                "FERRY_OPERATOR_TOKEN", TOKEN)).start();
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
    }

    @Test
    void theShippedConfigurationBindsTheOperatorInterfaceAndTheBrokerToLoopback() throws Exception {
        assertThat(FerryProcess.shippedSetting("camel.server.host")).isEqualTo("127.0.0.1");
        assertThat(URI.create(FerryProcess.shippedSetting("ferry.broker.acceptor")).getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void theOperatorInterfaceAndTheBrokerCannotBeReachedFromAnotherAddress() throws Exception {
        List<InetAddress> external = nonLoopbackAddresses();
        for (int port : List.of(ferry.operatorPort(), ferry.brokerPort())) {
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:%d", port).isTrue();
            for (InetAddress address : external) {
                assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(address, port), 2000))
                        .as("%s:%d", address.getHostAddress(), port).isInstanceOf(ConnectException.class);
            }
        }
        System.out.println("ExposureIT: tried " + external + " besides loopback");
    }

    /** Linux: every socket the Ferry process listens on, from /proc, is bound to a loopback address. */
    @Test
    void everySocketFerryListensOnIsALoopbackSocket() throws IOException {
        Path fds = Path.of("/proc", Long.toString(ferry.pid()), "fd");
        assertThat(fds).as("this check reads /proc (Linux, as in CI)").isDirectory();
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed while listing: not a listening socket.
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
                if ("0A".equals(f[3]) && inodes.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        // 127.0.0.1, ::1 or ::ffff:127.0.0.1, as /proc/net writes them
        String loopback = "(0100007F|0{24}01000000|0{16}FFFF00000100007F):[0-9A-F]{4}";
        assertThat(listening).as("listening sockets of Ferry (hex address:port)").hasSize(2)
                .allSatisfy(address -> assertThat(address).matches(loopback));
        assertThat(listening).extracting(address -> Integer.parseInt(address.substring(address.indexOf(':') + 1), 16))
                .containsExactlyInAnyOrder(ferry.operatorPort(), ferry.brokerPort());
    }

    @Test
    void withAnOperatorTokenEveryOperatorCallWithoutItGets401() throws Exception {
        for (String call : OPERATOR_CALLS) {
            assertThat(send(call, null).statusCode()).as("%s without a token", call).isEqualTo(401);
            assertThat(send(call, "Bearer wrong-" + TOKEN).statusCode()).as("%s with a wrong token", call)
                    .isEqualTo(401);
            assertThat(send(call, TOKEN).statusCode()).as("%s with the token but no 'Bearer'", call).isEqualTo(401);
            assertThat(send(call, "Bearer " + TOKEN).statusCode()).as("%s with the token", call).isNotEqualTo(401)
                    .isLessThan(500);
        }
        for (String path : List.of("/", "/q/dev", "/deadletter/../vendors")) {
            assertThat(send("GET " + path, null).statusCode()).as("GET %s without a token", path)
                    .isGreaterThanOrEqualTo(400);
        }
        // The console's pages are plain files with no data in them (the data comes from the calls above, with the
        // token); only its own files are served.
        assertThat(send("GET /console/", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/console/../application.properties", "/console/application.properties",
                "/console/..%2Fapplication.properties")) {
            HttpResponse<String> response = send("GET " + path, null);
            assertThat(response.statusCode()).as("GET %s", path).isGreaterThanOrEqualTo(400);
            assertThat(response.body()).doesNotContain("ferry.");
        }
        // Health probes and Prometheus scrapers carry no token: health and metrics are readable without it (on
        // loopback by default) and hold no secret.
        for (String path : List.of("/observe/health", "/observe/metrics")) {
            HttpResponse<String> response = send("GET " + path, null);
            assertThat(response.statusCode()).as("GET %s without a token", path).isIn(200, 503);
            assertThat(response.body()).doesNotContain(TOKEN);
        }
    }

    private HttpResponse<String> send(String call, String authorization) throws Exception {
        String[] parts = call.split(" ", 2);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ferry.operatorUrl() + parts[1]))
                .timeout(Duration.ofSeconds(10)).method(parts[0], HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** This machine's IPv4 addresses other than loopback (none on a machine without a network). */
    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                        .forEach(addresses::add);
            }
        }
        return addresses;
    }
}
