package io.ferry.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Translates JDK HTTP exchanges to sandbox requests, routes them by prefix and writes the outcome. */
final class SandboxHttpHandler implements HttpHandler {

    static final String ADMIN_PREFIX = "__sandbox";

    private final RequestPipeline pipeline;
    private final AdminApi admin;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final Map<String, Vendor> vendorsByPrefix = new HashMap<>();

    SandboxHttpHandler(RequestPipeline pipeline, AdminApi admin, ObjectMapper mapper,
            ScheduledExecutorService timer, Executor workers) {
        this.pipeline = pipeline;
        this.admin = admin;
        this.mapper = mapper;
        this.timer = timer;
        this.workers = workers;
        for (Vendor v : Vendor.values()) {
            vendorsByPrefix.put(v.key(), v);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        PlannedAnswer outcome = null;
        boolean later = false;
        try {
            outcome = route(exchange);
            if (outcome.delayMs() <= 0) {
                complete(exchange, outcome.response());
            } else {
                // Delays wait on a timer, not on a worker, so stalls and latency never starve other requests.
                PlannedAnswer delayed = outcome;
                timer.schedule(() -> workers.execute(() -> {
                    try {
                        completeQuietly(exchange, delayed.response());
                    } finally {
                        delayed.done().run();
                    }
                }), outcome.delayMs(), TimeUnit.MILLISECONDS);
                later = true;
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        } finally {
            if (outcome != null && !later) {
                outcome.done().run();
            }
        }
    }

    private PlannedAnswer route(HttpExchange exchange) throws IOException {
        SandboxRequest request;
        try {
            request = read(exchange);
        } catch (IllegalArgumentException malformed) {
            return PlannedAnswer.answer(SandboxResponse.rejected(400, "malformed_request", JsonNodeFactory.instance
                    .objectNode().put("error", "Malformed request: " + malformed.getMessage())), 0);
        }
        String prefix = request.segments().isEmpty() ? "" : request.segment(0);
        if (ADMIN_PREFIX.equals(prefix)) {
            return PlannedAnswer.answer(admin.handle(request), 0);
        }
        Vendor vendor = vendorsByPrefix.get(prefix);
        if (vendor == null) {
            return PlannedAnswer.answer(SandboxResponse.rejected(404, "not_found", JsonNodeFactory.instance.objectNode()
                    .put("error", "No sandbox API under " + request.path()
                            + " (expected /cor, /complycube, /clemta or /__sandbox)")), 0);
        }
        return pipeline.process(vendor, request);
    }

    private void completeQuietly(HttpExchange exchange, SandboxResponse response) {
        try {
            complete(exchange, response);
        } catch (IOException | RuntimeException e) {
            // The client gave up while we were delaying the answer; nothing left to tell it.
            exchange.close();
        }
    }

    private void complete(HttpExchange exchange, SandboxResponse response) throws IOException {
        if (response == null) {
            // Closing before any header was sent makes the JDK server drop the connection: a reset to the client.
            exchange.close();
            return;
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = mapper.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SandboxRequest read(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        return new SandboxRequest(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT), rawPath,
                uri.getRawQuery(), segments(rawPath), query(uri.getRawQuery()),
                exchange.getRequestHeaders(), body);
    }

    // readAllBytes allocates 8 KB chunks even for an empty body, which dominated the garbage under load.
    private static byte[] body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        String chunked = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        if (chunked == null && length != null && length.length() < 9) {
            int size = Integer.parseInt(length.trim());
            byte[] body = new byte[size];
            int read = exchange.getRequestBody().readNBytes(body, 0, size);
            return read == size ? body : java.util.Arrays.copyOf(body, read);
        }
        if (chunked == null && length == null) {
            return new byte[0];
        }
        return exchange.getRequestBody().readAllBytes();
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>(6);
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                // '+' is literal in a path; only %XX escapes are decoded.
                out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
