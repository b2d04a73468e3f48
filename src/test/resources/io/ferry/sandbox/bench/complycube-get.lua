-- wrk script: ComplyCube GET /v1/clients/{id}; run the sandbox with complycube.rate-per-second=0.
-- Needs CC_KEY (default sandbox-complycube-key); see README.md here.
wrk.method = "GET"
wrk.headers["Authorization"] = os.getenv("CC_KEY") or "sandbox-complycube-key"
