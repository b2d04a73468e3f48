package io.ferry.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs one vendor request through stats, fault injection, the API logic and the journal. */
final class RequestPipeline {

    private static final System.Logger LOG = System.getLogger(RequestPipeline.class.getName());

    private final Map<Vendor, VendorApi> apis;
    private final Map<Vendor, ApiStats> stats = new EnumMap<>(Vendor.class);
    private final Map<Vendor, Faults> faults = new ConcurrentHashMap<>();
    private final FaultInjector injector = new FaultInjector();
    private final RequestJournal journal;
    private final SandboxConfig.Overflow overflow;

    RequestPipeline(Map<Vendor, VendorApi> apis, Map<Vendor, ApiStats> stats, RequestJournal journal,
                    SandboxConfig.Overflow overflow) {
        this.apis = Map.copyOf(apis);
        this.stats.putAll(stats);
        this.journal = journal;
        this.overflow = overflow;
        apis.keySet().forEach(v -> faults.put(v, Faults.NONE));
    }

    /** The request's answer; its {@link PlannedAnswer#done} must run once it is written (it leaves the capacity). */
    PlannedAnswer process(Vendor vendor, SandboxRequest request) {
        VendorApi api = apis.get(vendor);
        Endpoint endpoint = api.resolve(request);
        ApiStats apiStats = stats.get(vendor);
        OperationStats operation = apiStats.operation(endpoint.operation());
        operation.requested();
        ApiCapacity capacity = apiStats.capacity();
        int inFlight = capacity.enter(overflow);
        if (inFlight == 0) {
            operation.rejected(OVER_CAPACITY);
            journal.record(vendor, request, 429);
            return PlannedAnswer.answer(api.injectedFailure(429, OVER_CAPACITY).withHeader("Retry-After", "1"), 0);
        }
        try {
            return answer(vendor, api, endpoint, operation, request, capacity, inFlight).whenDone(capacity::leave);
        } catch (RuntimeException e) {
            capacity.leave();
            throw e;
        }
    }

    /** The stats code of a request refused because its API was at capacity. */
    static final String OVER_CAPACITY = "over_capacity";

    private PlannedAnswer answer(Vendor vendor, VendorApi api, Endpoint endpoint, OperationStats operation,
                                 SandboxRequest request, ApiCapacity capacity, int inFlight) {
        Faults active = faults.get(vendor);
        InjectedFault fault = injector.draw(active);
        if (fault == InjectedFault.RESET || fault == InjectedFault.STALL) {
            operation.rejected(fault.statsCode());
            journal.record(vendor, request, 0);
            return PlannedAnswer.drop(fault == InjectedFault.STALL ? active.stallMs() : 0);
        }
        SandboxResponse response;
        if (fault == InjectedFault.NONE) {
            response = run(api, endpoint, request);
        } else {
            response = api.injectedFailure(fault.status(), fault.statsCode());
            if (fault == InjectedFault.TOO_MANY_REQUESTS) {
                response = response.withHeader("Retry-After", String.valueOf(active.retryAfterSeconds()));
            }
        }
        if (response.succeeded()) {
            operation.succeeded();
        } else {
            operation.rejected(response.rejection() == null ? "http_" + response.status() : response.rejection());
        }
        journal.record(vendor, request, response.status());
        return PlannedAnswer.answer(response, capacity.latencyMs(injector.latencyMs(active), inFlight, overflow));
    }

    void setFaults(Vendor vendor, Faults newFaults) {
        faults.put(vendor, newFaults);
    }

    Faults faults(Vendor vendor) {
        return faults.get(vendor);
    }

    private static SandboxResponse run(VendorApi api, Endpoint endpoint, SandboxRequest request) {
        try {
            return endpoint.action().apply(request);
        } catch (ApiRejection rejection) {
            return rejection.response();
        } catch (RuntimeException bug) {
            // A sandbox bug must look like a vendor 500 to the client, and be visible to whoever runs it.
            LOG.log(System.Logger.Level.ERROR, "sandbox failed on " + request.method() + " " + request.path(), bug);
            return api.injectedFailure(500, "sandbox_error");
        }
    }
}
