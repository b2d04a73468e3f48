package io.ferry.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Clemta simulator under {@code /clemta}: contacts, authenticated by {@code X-API-KEY}
 * (missing: API_KEY_REQUIRED, wrong: INVALID_API_KEY), limited per clock minute with {@code
 * X-RateLimit-*} headers on every API answer and 429 RATE_LIMIT_EXCEEDED with {@code Retry-After}
 * (seconds to the window reset) over the limit. Injected faults carry no rate-limit headers.
 */
final class ClemtaApi implements VendorApi {

    private final String apiKey;
    private final int ratePerMinute;
    private final MinuteRateWindow window;
    private final ClemtaContacts contacts;
    private final Endpoint create;
    private final Endpoint list;

    ClemtaApi(SandboxConfig config, ObjectMapper mapper, ApiStats stats) {
        this.apiKey = config.clemtaApiKey();
        this.ratePerMinute = config.clemtaRatePerMinute();
        this.window = new MinuteRateWindow(ratePerMinute);
        this.contacts = new ClemtaContacts(new ClemtaContactReader(new JsonObjectReader(mapper)), stats, config);
        this.create = new Endpoint("contacts.create", guarded(contacts::create));
        this.list = new Endpoint("contacts.list", guarded(contacts::list));
    }

    @Override
    public Vendor vendor() {
        return Vendor.CLEMTA;
    }

    @Override
    public List<String> operations() {
        return List.of("contacts.create", "contacts.get", "contacts.list", "contacts.update", "contacts.delete");
    }

    @Override
    public Endpoint resolve(SandboxRequest r) {
        if (r.depth() < 2 || r.depth() > 3 || !r.segment(1).equals("contacts")) {
            return unmatched();
        }
        String method = r.method();
        if (r.depth() == 2) {
            return method.equals("POST") ? create : method.equals("GET") ? list : unmatched();
        }
        String id = r.segment(2);
        switch (method) {
            case "GET":
                return new Endpoint("contacts.get", guarded(request -> contacts.get(id)));
            case "PATCH":
                return new Endpoint("contacts.update", guarded(request -> contacts.update(request, id)));
            case "DELETE":
                return new Endpoint("contacts.delete", guarded(request -> contacts.delete(id)));
            default:
                return unmatched();
        }
    }

    @Override
    public SandboxResponse injectedFailure(int status, String code) {
        return ClemtaError.injected(status).response(code);
    }

    @Override
    public ObjectNode entityCounts() {
        return JsonNodeFactory.instance.objectNode().put("contacts", contacts.count());
    }

    @Override
    public void reset() {
        contacts.clear();
        window.reset();
    }

    Optional<ObjectNode> contact(String id) {
        return contacts.find(id);
    }

    int contactCount() {
        return contacts.count();
    }

    private Function<SandboxRequest, SandboxResponse> guarded(Function<SandboxRequest, SandboxResponse> action) {
        return request -> {
            String key = request.header("X-API-KEY");
            if (key == null || key.isBlank()) {
                return ClemtaError.apiKeyRequired().response().withHeaders(window.peek());
            }
            if (!key.equals(apiKey)) {
                return ClemtaError.invalidApiKey().response().withHeaders(window.peek());
            }
            MinuteRateWindow.Decision decision = window.acquire();
            if (!decision.allowed()) {
                return ClemtaError.rateLimited(ratePerMinute).response().withHeaders(decision.headers())
                        .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            }
            SandboxResponse response;
            try {
                response = action.apply(request);
            } catch (ApiRejection rejection) {
                response = rejection.response();
            }
            return response.withHeaders(decision.headers());
        };
    }

    private static Endpoint unmatched() {
        return new Endpoint("unmatched", request -> ClemtaError.routeNotFound(request).response());
    }
}
