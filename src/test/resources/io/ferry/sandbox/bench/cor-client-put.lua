-- wrk script: COR client PUT (auth check + JSON parse + update), the cheapest authenticated write.
-- Needs COR_TOKEN (a bearer token) and an existing client C1 under source SAP; see README.md here.
wrk.method = "PUT"
wrk.body = '{"metadata":{"source":"SAP"},"name":"Acme Updated","phone":"+1 555 0100"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("COR_TOKEN")
