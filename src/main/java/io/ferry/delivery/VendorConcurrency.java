package io.ferry.delivery;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.BlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.ferry.Settings;
import io.ferry.record.Targets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;

/**
 * How many calls each vendor gets at once. In {@code fixed} mode that is the delivery lanes' thread count
 * ({@code ferry.delivery.concurrency}, {@code <target>.concurrency}). In {@code adaptive} mode
 * ({@code <vendor>.concurrency.mode}) a limiter decides. The default, {@code auto}, is fixed for a vendor whose
 * concurrency is configured and adaptive otherwise. In adaptive mode every HTTP attempt to the vendor, the error
 * handler's redeliveries included, waits for a slot of the vendor's limit before it goes out, and its answer moves the
 * limit.
 *
 * <p>The limit is AIMD ({@link VendorLimit}, on concurrency-limits' limiter): it starts at
 * {@code <vendor>.concurrency.initial}, grows for answers that came in time while at least half the limit was in use
 * (calls are waiting for it, and the vendor keeps up), by one per answer until the vendor first pushes back and by one
 * per round trip after that, and shrinks to 90% for a 408, 429 or 503, a timeout or connection failure, or an answer
 * slower than {@code <vendor>.concurrency.latency-limit}; always between {@code <vendor>.concurrency.min} and
 * {@code .max}. The library's latency-gradient limits (Gradient2) ignore dropped calls, and a vendor's 429 is the
 * signal Ferry must heed first, so AIMD it is; rising latency counts once it passes the latency limit.
 *
 * <p>The gate sits in the HTTP client (an exec-chain interceptor of camel-http's Apache HttpClient, {@link #gate}),
 * so it holds for every attempt while the route's steps before the call (credentials, rate-limit token) are not
 * repeated. Calls are told apart by their URL: one under a vendor's {@code <vendor>.base-url} is that vendor's.
 */
public final class VendorConcurrency {

    /** Whether a vendor's concurrency is its lanes' thread count or a limiter's. */
    public enum Mode {
        FIXED, ADAPTIVE;

        /** The mode a value names; {@code auto}: fixed when {@code fixedKey} (a key setting a concurrency) is set. */
        static Resolved resolve(String key, String value, String fixedKey) {
            if ("auto".equalsIgnoreCase(value.trim())) {
                return fixedKey == null ? new Resolved(ADAPTIVE, "auto: no concurrency configured")
                        : new Resolved(FIXED, "auto: " + fixedKey + " is set");
            }
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(value.trim())) {
                    return new Resolved(m, null);
                }
            }
            throw new IllegalArgumentException("configuration " + key + " must be auto, adaptive or fixed, not '"
                    + value + "'");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A vendor's mode and, when auto chose it, why. */
    private record Resolved(Mode mode, String reason) {
    }

    /**
     * A vendor Ferry calls: its lower-case name, its base URL's default, and its targets, whose
     * {@code <target>.concurrency} makes the vendor's {@code auto} mode fixed.
     */
    private record Known(String name, String baseUrl, List<String> targets) {
    }

    private static final List<Known> KNOWN = List.of(
            new Known("cor", "https://integrations.projectcor.com/v2/integrations",
                    List.of(Targets.COR_CLIENTS, Targets.COR_CONTRACTS)),
            new Known("complycube", "https://api.complycube.com/v1", List.of(Targets.COMPLYCUBE_CLIENTS)),
            new Known("clemta", "https://api.clemta.com", List.of(Targets.CLEMTA_CONTACTS)));

    private final Map<String, Vendor> vendors = new LinkedHashMap<>();
    private final int fixedLanes;

    private VendorConcurrency(int fixedLanes) {
        this.fixedLanes = fixedLanes;
    }

    /**
     * Reads {@code <vendor>.concurrency.*} and {@code <vendor>.base-url} for cor, complycube and clemta. A vendor's
     * mode {@code auto} (the default) is {@code fixed} when a concurrency is configured for it
     * ({@code ferry.delivery.concurrency}, or {@code <target>.concurrency} of one of its targets), so that an
     * installation that chose a number keeps it, and {@code adaptive} otherwise.
     */
    public static VendorConcurrency from(Settings settings) {
        VendorConcurrency all = new VendorConcurrency(settings.integer("ferry.delivery.concurrency", 8));
        for (Known known : KNOWN) {
            String name = known.name();
            String prefix = name + ".concurrency.";
            Resolved mode = Mode.resolve(prefix + "mode", settings.string(prefix + "mode", "auto"),
                    fixedConcurrencyKey(settings, known.targets()));
            int min = settings.integer(prefix + "min", 2);
            int max = settings.integer(prefix + "max", 64);
            int initial = settings.integer(prefix + "initial", 8);
            if (min < 1 || max < min || initial < min || initial > max) {
                throw new IllegalArgumentException("configuration " + prefix + "min, initial and max must be "
                        + "1 <= min <= initial <= max, not " + min + ", " + initial + ", " + max);
            }
            Duration latencyLimit = settings.duration(prefix + "latency-limit", "5s");
            String how = mode.mode() == Mode.ADAPTIVE
                    ? "adaptive (" + min + " to " + max + " calls at once, starting at " + initial + ")"
                    : "fixed (its targets' delivery threads, " + all.fixedLanes + " unless <target>.concurrency says)";
            all.vendors.put(name, new Vendor(name, mode.mode(), mode.reason() == null ? how : how + ", "
                    + mode.reason(), min, max, initial, latencyLimit,
                    BaseUrl.of(settings.string(name + ".base-url", known.baseUrl()))));
        }
        return all;
    }

    /** The key that sets a fixed concurrency for the vendor, or null when none is set. */
    private static String fixedConcurrencyKey(Settings settings, List<String> targets) {
        if (settings.string("ferry.delivery.concurrency", null) != null) {
            return "ferry.delivery.concurrency";
        }
        for (String target : targets) {
            if (settings.string(target + ".concurrency", null) != null) {
                return target + ".concurrency";
            }
        }
        return null;
    }

    /** The vendors, by their lower-case names (cor, complycube, clemta). */
    public List<String> vendors() {
        return List.copyOf(vendors.keySet());
    }

    /** The vendor's mode for the start-up log, and for auto what decided it. */
    public String describe(String vendor) {
        return vendors.get(vendor).description;
    }

    /** Whether any vendor is in adaptive mode (only then does the HTTP client get the gate). */
    public boolean anyAdaptive() {
        return vendors.values().stream().anyMatch(v -> v.mode == Mode.ADAPTIVE);
    }

    public Mode mode(String vendor) {
        Vendor v = vendor(vendor);
        return v == null ? Mode.FIXED : v.mode;
    }

    /** The vendor's current limit: the limiter's in adaptive mode, the lanes' default thread count in fixed mode. */
    public int limit(String vendor) {
        Vendor v = vendor(vendor);
        return v == null || v.mode == Mode.FIXED ? fixedLanes : v.limiter.getLimit();
    }

    /** Calls to the vendor in flight now (adaptive mode; 0 in fixed mode, where the limiter does not count them). */
    public int inFlight(String vendor) {
        Vendor v = vendor(vendor);
        return v == null || v.mode == Mode.FIXED ? 0 : v.limiter.getInflight();
    }

    /**
     * The delivery threads of an intake (target or mapped source): {@code fixedLanes} in fixed mode; in adaptive mode
     * the vendor's {@code concurrency.max}, so the lanes can offer the limiter more calls than its current limit. An
     * intake that is not a target (a mapped source) takes the largest of the adaptive vendors' maximums when it is
     * larger than its fixed lanes.
     */
    public int laneThreads(String intake, int fixedLanes) {
        Vendor v = vendor(vendorOf(intake));
        if (v != null) {
            return v.mode == Mode.ADAPTIVE ? v.max : fixedLanes;
        }
        int most = fixedLanes;
        for (Vendor each : vendors.values()) {
            if (each.mode == Mode.ADAPTIVE) {
                most = Math.max(most, each.max);
            }
        }
        return most;
    }

    /** The largest {@code concurrency.max} of the adaptive vendors (0 when none is adaptive). */
    public int largestAdaptiveMax() {
        int most = 0;
        for (Vendor each : vendors.values()) {
            if (each.mode == Mode.ADAPTIVE) {
                most = Math.max(most, each.max);
            }
        }
        return most;
    }

    /**
     * The interceptor for Apache HttpClient's exec chain: a call under an adaptive vendor's base URL waits for a slot
     * of its limit, and its outcome is reported to the limiter; any other call passes as it is.
     */
    public ExecChainHandler gate() {
        return this::execute;
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Vendor vendor = vendorCalled(scope.route.getTargetHost(), request.getPath());
        if (vendor == null || vendor.mode != Mode.ADAPTIVE) {
            return chain.proceed(request, scope);
        }
        Optional<Limiter.Listener> slot = vendor.blocking.acquire(null);
        if (slot.isEmpty()) {
            // Only an interrupt (or waiting an hour) ends the wait without a slot: the call is not made.
            throw new InterruptedIOException("no slot of " + vendor.name + "'s concurrency limit");
        }
        Limiter.Listener listener = slot.get();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            // Timeouts, refused or reset connections: the vendor could not take the call.
            listener.onDropped();
            throw e;
        } catch (HttpException | RuntimeException e) {
            listener.onIgnore();
            throw e;
        }
        int status = response.getCode();
        if (status == 408 || status == 429 || status == 503) {
            listener.onDropped();
        } else {
            listener.onSuccess();
        }
        return response;
    }

    private Vendor vendorCalled(HttpHost target, String path) {
        for (Vendor v : vendors.values()) {
            if (v.url.matches(target, path)) {
                return v;
            }
        }
        return null;
    }

    private Vendor vendor(String name) {
        return name == null ? null : vendors.get(name.toLowerCase(Locale.ROOT));
    }

    // Target names start with their vendor: cor-clients, complycube-clients, clemta-contacts.
    private static String vendorOf(String intake) {
        if (intake == null) {
            return null;
        }
        int dash = intake.indexOf('-');
        return dash < 0 ? intake : intake.substring(0, dash);
    }

    private static final class Vendor {
        final String name;
        final Mode mode;
        final String description;
        final int max;
        final AbstractLimiter<Void> limiter;
        final Limiter<Void> blocking;
        final BaseUrl url;

        Vendor(String name, Mode mode, String description, int min, int max, int initial, Duration latencyLimit,
               BaseUrl url) {
            this.name = name;
            this.mode = mode;
            this.description = description;
            this.max = max;
            this.url = url;
            this.limiter = SimpleLimiter.newBuilder().named(name)
                    .limit(new VendorLimit(initial, min, max, 0.9, latencyLimit.toNanos()))
                    .build();
            this.blocking = BlockingLimiter.wrap(limiter);
        }
    }

    /** A vendor's base URL, compared with a call's target host and path (default ports made explicit). */
    private record BaseUrl(String scheme, String host, int port, String path) {
        static BaseUrl of(String url) {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new BaseUrl(scheme, uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT),
                    port(scheme, uri.getPort()), path);
        }

        boolean matches(HttpHost target, String requestPath) {
            if (target == null || requestPath == null || !host.equalsIgnoreCase(target.getHostName())
                    || port != port(target.getSchemeName(), target.getPort())
                    || !scheme.equalsIgnoreCase(target.getSchemeName())) {
                return false;
            }
            return requestPath.startsWith(path) && (requestPath.length() == path.length()
                    || "/?".indexOf(requestPath.charAt(path.length())) >= 0);
        }

        private static int port(String scheme, int port) {
            return port >= 0 ? port : "http".equalsIgnoreCase(scheme) ? 80 : 443;
        }
    }
}
