package io.ferry.sandbox;

/** Thrown by validation deep inside an API to answer at once with an error response. */
final class ApiRejection extends RuntimeException {

    private final transient SandboxResponse response;

    ApiRejection(SandboxResponse response) {
        // No stack trace: rejections are ordinary answers, and benchmarks trigger them by the thousand.
        super(response.rejection(), null, false, false);
        this.response = response;
    }

    SandboxResponse response() {
        return response;
    }
}
