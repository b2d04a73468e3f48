package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Clemta error: {@code {"success":false,"message","data":null,"error":{"code","details"}}}. */
record ClemtaError(int status, String code, String message, String details) {

    static ClemtaError apiKeyRequired() {
        return new ClemtaError(401, "API_KEY_REQUIRED", "API key is required", "The X-API-KEY header is missing");
    }

    static ClemtaError invalidApiKey() {
        return new ClemtaError(401, "INVALID_API_KEY", "Invalid API key", "The provided API key is not valid");
    }

    static ClemtaError invalidRequest(String details) {
        return new ClemtaError(400, "INVALID_REQUEST", "Invalid request", details);
    }

    static ClemtaError companyNotFound(String companyId) {
        return new ClemtaError(404, "COMPANY_NOT_FOUND", "Company not found",
                "Company '" + companyId + "' does not exist or is not linked to this API key");
    }

    static ClemtaError contactNotFound(String code, String id) {
        return new ClemtaError(404, code, "Contact not found", "Contact '" + id + "' does not exist");
    }

    static ClemtaError rateLimited(int perMinute) {
        return new ClemtaError(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded",
                "Limit of " + perMinute + " requests per minute reached");
    }

    static ClemtaError routeNotFound(SandboxRequest request) {
        return new ClemtaError(404, "NOT_FOUND", "Not found", "No route for " + request.method() + " " + request.path());
    }

    static ClemtaError injected(int status) {
        if (status == 429) {
            return new ClemtaError(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded", "Injected by sandbox fault injection");
        }
        return new ClemtaError(status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
                status == 503 ? "Service unavailable" : "Internal server error", "Injected by sandbox fault injection");
    }

    SandboxResponse response() {
        return SandboxResponse.rejected(status, code, body());
    }

    SandboxResponse response(String statsCode) {
        return SandboxResponse.rejected(status, statsCode, body());
    }

    ApiRejection rejection() {
        return new ApiRejection(response());
    }

    ObjectNode body() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("success", false);
        node.put("message", message);
        node.putNull("data");
        node.putObject("error").put("code", code).put("details", details);
        return node;
    }
}
