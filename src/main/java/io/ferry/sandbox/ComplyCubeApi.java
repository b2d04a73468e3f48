package io.ferry.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ComplyCube simulator under {@code /complycube/v1}: clients, authenticated by the raw API key
 * in {@code Authorization} (a {@code Bearer } prefix is refused, as the docs show none), and
 * limited to N requests per rolling second (429 {@code rate_limit_exceeded}, no Retry-After since
 * the docs mention none). Rate limiting counts authenticated requests only.
 */
final class ComplyCubeApi implements VendorApi {

    private final String apiKey;
    private final int ratePerSecond;
    private final RollingRateLimiter limiter;
    private final ComplyCubeClients clients;
    private final Endpoint create;
    private final Endpoint list;

    ComplyCubeApi(SandboxConfig config, ObjectMapper mapper, ApiStats stats) {
        this.apiKey = config.complycubeApiKey();
        this.ratePerSecond = config.complycubeRatePerSecond();
        this.limiter = new RollingRateLimiter(ratePerSecond);
        this.clients = new ComplyCubeClients(mapper, stats);
        this.create = new Endpoint("clients.create", guarded(clients::create));
        this.list = new Endpoint("clients.list", guarded(clients::list));
    }

    @Override
    public Vendor vendor() {
        return Vendor.COMPLYCUBE;
    }

    @Override
    public List<String> operations() {
        return List.of("clients.create", "clients.get", "clients.update", "clients.list", "clients.delete");
    }

    @Override
    public Endpoint resolve(SandboxRequest r) {
        if (r.depth() < 3 || r.depth() > 4 || !r.segment(1).equals("v1") || !r.segment(2).equals("clients")) {
            return unmatched();
        }
        String method = r.method();
        if (r.depth() == 3) {
            return method.equals("POST") ? create : method.equals("GET") ? list : unmatched();
        }
        String id = r.segment(3);
        switch (method) {
            case "GET":
                return new Endpoint("clients.get", guarded(request -> clients.get(id)));
            case "POST":
                return new Endpoint("clients.update", guarded(request -> clients.update(request, id)));
            case "DELETE":
                return new Endpoint("clients.delete", guarded(request -> clients.delete(id)));
            default:
                return unmatched();
        }
    }

    @Override
    public SandboxResponse injectedFailure(int status, String code) {
        return ComplyCubeError.injected(status).response(code);
    }

    @Override
    public ObjectNode entityCounts() {
        return JsonNodeFactory.instance.objectNode().put("clients", clients.count());
    }

    @Override
    public void reset() {
        clients.clear();
        limiter.reset();
    }

    Optional<ObjectNode> client(String id) {
        return clients.find(id);
    }

    int clientCount() {
        return clients.count();
    }

    private Function<SandboxRequest, SandboxResponse> guarded(Function<SandboxRequest, SandboxResponse> action) {
        return request -> {
            if (!apiKey.equals(request.header("Authorization"))) {
                return ComplyCubeError.unauthorized().response();
            }
            if (!limiter.tryAcquire()) {
                return ComplyCubeError.rateLimited(ratePerSecond).response();
            }
            return action.apply(request);
        };
    }

    private static Endpoint unmatched() {
        return new Endpoint("unmatched", request -> ComplyCubeError.routeNotFound(request).response());
    }
}
