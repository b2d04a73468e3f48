package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A ComplyCube error: {@code {"type","message","param"}}, {@code param} only on validation errors. */
record ComplyCubeError(int status, String type, String message, String param) {

    static ComplyCubeError invalidRequest(String message, String param) {
        return new ComplyCubeError(400, "invalid_request", message, param);
    }

    static ComplyCubeError unauthorized() {
        return new ComplyCubeError(401, "unauthorized", "The 'Authorization' header is invalid", null);
    }

    static ComplyCubeError clientNotFound(String id) {
        return new ComplyCubeError(404, "resource_not_found", "Invalid client id '" + id + "'", null);
    }

    static ComplyCubeError routeNotFound(SandboxRequest request) {
        return new ComplyCubeError(404, "resource_not_found", "No route for " + request.method() + " "
                + request.path(), null);
    }

    static ComplyCubeError rateLimited(int perSecond) {
        return new ComplyCubeError(429, "rate_limit_exceeded", "You have exceeded the rate limit of "
                + perSecond + " requests per second", null);
    }

    static ComplyCubeError injected(int status) {
        if (status == 429) {
            return new ComplyCubeError(429, "rate_limit_exceeded", "Rate limit exceeded", null);
        }
        return new ComplyCubeError(status, status == 503 ? "service_unavailable" : "internal_server_error",
                "Injected failure (sandbox fault injection)", null);
    }

    SandboxResponse response() {
        return SandboxResponse.rejected(status, type, body());
    }

    SandboxResponse response(String statsCode) {
        return SandboxResponse.rejected(status, statsCode, body());
    }

    ApiRejection rejection() {
        return new ApiRejection(response());
    }

    ObjectNode body() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("type", type).put("message", message);
        if (param != null) {
            node.put("param", param);
        }
        return node;
    }
}
