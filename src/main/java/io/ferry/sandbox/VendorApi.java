package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One simulated vendor API behind its path prefix. */
interface VendorApi {

    Vendor vendor();

    /** The operation names, listed in stats even before they are called. */
    List<String> operations();

    /** Maps a request to an operation; unknown paths resolve to an endpoint answering 404. */
    Endpoint resolve(SandboxRequest request);

    /** The vendor-shaped body of an injected 500, 503 or 429. */
    SandboxResponse injectedFailure(int status, String code);

    /** Number of entities held, by kind. */
    ObjectNode entityCounts();

    /** Forgets every entity, token and rate-limit window. */
    void reset();
}
