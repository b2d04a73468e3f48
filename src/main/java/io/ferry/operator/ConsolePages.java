package io.ferry.operator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The operator console's static files (operator.camel.yaml, {@code /console/}): plain HTML, CSS and JavaScript in the
 * jar, served from a fixed list so that no request can name another file. The pages hold no data; everything they
 * show comes from the operator interface, with the operator token when one is configured.
 */
public final class ConsolePages {

    private static final String ROOT = "/io/ferry/console/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    /** {@code GET /console/} and {@code /console/{file}}; {@code /console} goes to {@code /console/}. */
    public void serve(Exchange exchange) throws IOException {
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        String uri = exchange.getIn().getHeader(Exchange.HTTP_URI, "", String.class);
        String file = exchange.getIn().getHeader("file", String.class);
        if (file == null || file.isEmpty()) {
            if (!uri.endsWith("/") && !path.endsWith("/")) {
                // Relative links in the page need the trailing slash.
                OperatorToken.respond(exchange, 301, "text/plain", "see /console/");
                exchange.getMessage().setHeader("Location", "/console/");
                return;
            }
            file = "index.html";
        }
        String type = FILES.get(file);
        if (type == null) {
            OperatorToken.respond(exchange, 404, "text/plain", "no such page");
            return;
        }
        try (InputStream in = ConsolePages.class.getResourceAsStream(ROOT + file)) {
            OperatorToken.respond(exchange, 200, type, in.readAllBytes());
        }
        // Nothing but the jar's own script and style may run or load: a value from input data cannot become code.
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self';"
                + " style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
    }
}
