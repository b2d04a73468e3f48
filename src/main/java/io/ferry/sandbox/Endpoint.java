package io.ferry.sandbox;

import java.util.function.Function;

/**
 * A resolved API operation: its stats name (e.g. {@code clients.create}) and what it does.
 *
 * @param operation the name stats count it under
 * @param action the API logic, run only when no fault was injected
 */
record Endpoint(String operation, Function<SandboxRequest, SandboxResponse> action) {
}
