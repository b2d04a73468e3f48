package io.ferry.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The COR simulator under {@code /cor}: OAuth under {@code /cor/v1/oauth}, the Integrations API
 * (clients, contracts, currency exchanges) under {@code /cor/v2/integrations}.
 */
final class CorApi implements VendorApi {

    private final CorState state = new CorState();
    private final CorTokens tokens;
    private final CorClientOperations clients;
    private final CorContractOperations contracts;
    private final CorExchangeRateOperations rates;
    private final long companyId;
    private final Endpoint token;
    private final Endpoint refresh;
    private final Endpoint createClient;
    private final Endpoint createContract;
    private final Endpoint createRates;

    CorApi(SandboxConfig config, ObjectMapper mapper, ApiStats stats) {
        CorBodyReader reader = new CorBodyReader(new JsonObjectReader(mapper));
        this.companyId = config.corCompanyId();
        this.tokens = new CorTokens(config);
        this.clients = new CorClientOperations(state, reader, stats, companyId);
        this.contracts = new CorContractOperations(state, reader, stats, config);
        this.rates = new CorExchangeRateOperations(state, reader, config);
        this.token = new Endpoint("oauth.token", tokens::issue);
        this.refresh = new Endpoint("oauth.refresh", tokens::refresh);
        this.createClient = new Endpoint("clients.create", authorized(clients::create));
        this.createContract = new Endpoint("contracts.create", authorized(contracts::create));
        this.createRates = new Endpoint("currency_exchanges.create", authorized(rates::create));
    }

    @Override
    public Vendor vendor() {
        return Vendor.COR;
    }

    @Override
    public List<String> operations() {
        return List.of("oauth.token", "oauth.refresh", "clients.create", "clients.update", "clients.delete",
                "contracts.create", "contracts.update", "contracts.delete", "currency_exchanges.create");
    }

    @Override
    public Endpoint resolve(SandboxRequest r) {
        String method = r.method();
        if (r.depth() == 4 && r.segment(1).equals("v1") && r.segment(2).equals("oauth") && method.equals("POST")) {
            if (r.segment(3).equals("token")) {
                return token;
            }
            if (r.segment(3).equals("refreshtoken")) {
                return refresh;
            }
        }
        if (r.depth() < 4 || r.depth() > 5 || !r.segment(1).equals("v2") || !r.segment(2).equals("integrations")) {
            return unmatched();
        }
        String collection = r.segment(3);
        if (r.depth() == 4 && method.equals("POST")) {
            switch (collection) {
                case "clients":
                    return createClient;
                case "contracts":
                    return createContract;
                case "currency-exchanges":
                    return createRates;
                default:
                    return unmatched();
            }
        }
        if (r.depth() == 5 && (collection.equals("clients") || collection.equals("contracts"))) {
            String externalId = r.segment(4);
            boolean isClient = collection.equals("clients");
            if (method.equals("PUT")) {
                return byId(collection + ".update", externalId, isClient ? clients::update : contracts::update);
            }
            if (method.equals("DELETE")) {
                return byId(collection + ".delete", externalId, isClient ? clients::delete : contracts::delete);
            }
        }
        return unmatched();
    }

    @Override
    public SandboxResponse injectedFailure(int status, String code) {
        return CorError.unavailable(status, "Injected failure (sandbox fault injection)").response(code);
    }

    @Override
    public ObjectNode entityCounts() {
        synchronized (state) {
            return JsonNodeFactory.instance.objectNode()
                    .put("clients", state.clients.size())
                    .put("contracts", state.contracts.size())
                    .put("currency_exchanges", state.rates.size());
        }
    }

    @Override
    public void reset() {
        synchronized (state) {
            state.clear();
        }
        tokens.reset();
    }

    int expireTokens() {
        return tokens.expireAll();
    }

    Optional<ObjectNode> client(MappingKey key) {
        synchronized (state) {
            return Optional.ofNullable(state.clients.get(key)).map(c -> c.toJson(companyId));
        }
    }

    Optional<ObjectNode> contract(MappingKey key) {
        synchronized (state) {
            return Optional.ofNullable(state.contracts.get(key)).map(c -> c.toJson(companyId));
        }
    }

    private Endpoint byId(String operation, String externalId,
            BiFunction<SandboxRequest, String, SandboxResponse> action) {
        return new Endpoint(operation, authorized(request -> action.apply(request, externalId)));
    }

    private Function<SandboxRequest, SandboxResponse> authorized(Function<SandboxRequest, SandboxResponse> action) {
        return request -> {
            tokens.requireValid(request);
            return action.apply(request);
        };
    }

    private static Endpoint unmatched() {
        return new Endpoint("unmatched", request -> CorError.routeNotFound(request).response());
    }
}
