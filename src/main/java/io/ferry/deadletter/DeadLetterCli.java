package io.ferry.deadletter;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar ferry.jar deadletter list|entries|replay|discard [--awaiting K] [--reason R] [--target T]
 * [--id ID] [--offset N] [--limit N]}: the operator interface from the command line, talking to a running Ferry.
 */
public final class DeadLetterCli {

    static final String USAGE = """
            Usage: java -jar ferry.jar deadletter <command> [options]
              list                                  counts by target, reason and awaiting key
              entries [--offset N] [--limit N] [filters]   the entries, a page at a time
              replay  --awaiting KEY | --reason CODE | --target NAME | --id ID   release now (held ones too)
              discard --id ID                       remove one entry for good (logged)
            Filters: --awaiting KEY, --reason CODE, --target NAME, --id ID
            Ferry's operator URL: FERRY_OPERATOR_URL (default http://127.0.0.1:8080); token: FERRY_OPERATOR_TOKEN.""";

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DeadLetterCli(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** Runs one command; returns the process exit code. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("Unexpected argument: " + args[i] + "\n" + USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String query = options.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String path = switch (args[0]) {
            case "list" -> "GET /deadletter";
            case "entries" -> "GET /deadletter/entries";
            case "replay" -> "POST /deadletter/replay";
            case "discard" -> "POST /deadletter/discard";
            default -> null;
        };
        if (path == null) {
            err.println("Unknown command: " + args[0] + "\n" + USAGE);
            return 2;
        }
        String[] call = path.split(" ");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call[1] + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofMinutes(10))
                .method(call[0], HttpRequest.BodyPublishers.noBody());
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            (response.statusCode() < 300 ? out : err).println(response.body());
            return response.statusCode() < 300 ? 0 : 1;
        } catch (java.io.IOException e) {
            err.println("Cannot reach Ferry at " + baseUrl + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
