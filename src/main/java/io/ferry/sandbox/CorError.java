package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A COR error, always answered as {@code {"status","name","code","message"}}.
 *
 * <p>COR documents only CTR006 fully (400, {@code CORCustomError}); for the other named errors
 * the sandbox uses code = name and these statuses: validation, source, duplicate, date range and
 * CTR006 400; not found and ZC001 404; DeletionError 409; auth 401 ({@code Unauthorized}).
 */
record CorError(int status, String name, String code, String message) {

    static final String CUSTOM = "CORCustomError";

    static CorError named(int status, String name, String message) {
        return new CorError(status, name, name, message);
    }

    static CorError validation(String message) {
        return named(400, "ValidationError", message);
    }

    static CorError invalidSource(String source) {
        return named(400, "InvalidSourceError", "Invalid source: " + source + ". Allowed values: "
                + String.join(", ", CorSourceList.ALLOWED));
    }

    static CorError duplicate(String entity, MappingKey key) {
        return named(400, "DuplicateExternalIdError", entity + " with external id '" + key.externalId()
                + "' already exists for source " + key.source());
    }

    static CorError notAssociated() {
        return new CorError(404, CUSTOM, "ZC001", "Entity is not associated");
    }

    static CorError clientNotFound(String externalId) {
        return named(404, "ClientNotFoundError", "Client with external id '" + externalId + "' not found");
    }

    static CorError contractNotFound(String externalId) {
        return named(404, "ContractNotFoundError", "Contract with external id '" + externalId + "' not found");
    }

    static CorError invalidDateRange() {
        return named(400, "InvalidDateRangeError", "start_date must not be after end_date");
    }

    static CorError deletion(String message) {
        return named(409, "DeletionError", message);
    }

    static CorError missingExchangeRate(String currency, String baseCurrency) {
        return new CorError(400, CUSTOM, "CTR006", "Cannot save contract. Exchange rate not found for "
                + currency + " to " + baseCurrency + ". Please sync exchange rates first.");
    }

    static CorError unauthorized(String message) {
        return named(401, "Unauthorized", message);
    }

    static CorError routeNotFound(SandboxRequest request) {
        return named(404, "NotFound", "Cannot " + request.method() + " " + request.path());
    }

    static CorError unavailable(int status, String message) {
        return named(status, status == 429 ? "TooManyRequests" : status == 503 ? "ServiceUnavailable" : "InternalServerError", message);
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
        node.put("status", status);
        node.put("name", name);
        node.put("code", code);
        node.put("message", message);
        return node;
    }
}
