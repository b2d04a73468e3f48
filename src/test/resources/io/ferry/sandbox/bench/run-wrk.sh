#!/usr/bin/env bash
# Measures the sandbox's throughput with wrk at concurrency 32 on loopback (see README.md).
# Run from the repository root after `mvn -q compile`; needs wrk, curl and python3.
set -euo pipefail

PORT=${PORT:-8199}
DURATION=${DURATION:-15s}
HERE=$(dirname "$0")
BASE="http://127.0.0.1:$PORT"

mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/sandbox-cp.txt
rm -f target/sandbox-bench.log  # so the wait below cannot see the previous run's line
# Rate limits off: the point is the sandbox's own ceiling, not the vendors' quotas.
java -cp "target/classes:$(cat target/sandbox-cp.txt)" io.ferry.sandbox.SandboxMain --port "$PORT" \
  --set complycube.rate-per-second=0 --set clemta.rate-per-minute=0 > target/sandbox-bench.log 2>&1 &
PID=$!
trap 'kill $PID' EXIT
for _ in $(seq 1 150); do
  grep -q "Sandbox listening" target/sandbox-bench.log && break
  sleep 0.2
done
grep -q "Sandbox listening" target/sandbox-bench.log || { cat target/sandbox-bench.log; exit 1; }

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
export COR_TOKEN=$(curl -fsS -X POST -u sandbox-cor-key:sandbox-cor-secret \
  "$BASE/cor/v1/oauth/token?grant_type=client_credentials" | json_field access_token)
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $COR_TOKEN" -H 'Content-Type: application/json' \
  "$BASE/cor/v2/integrations/clients" -d '{"metadata":{"source":"SAP"},"id":"C1","name":"Acme"}'
CC_ID=$(curl -fsS -X POST -H "Authorization: sandbox-complycube-key" -H 'Content-Type: application/json' \
  "$BASE/complycube/v1/clients" \
  -d '{"type":"person","email":"ada@example.com","personDetails":{"firstName":"Ada","lastName":"Lovelace"}}' | json_field id)

wrk -t2 -c32 -d5s -s "$HERE/cor-client-put.lua" "$BASE/cor/v2/integrations/clients/C1" > /dev/null  # JIT warm-up
echo "== COR client PUT"
wrk -t2 -c32 -d"$DURATION" --latency -s "$HERE/cor-client-put.lua" "$BASE/cor/v2/integrations/clients/C1"
echo "== ComplyCube client GET"
wrk -t2 -c32 -d"$DURATION" --latency -s "$HERE/complycube-get.lua" "$BASE/complycube/v1/clients/$CC_ID"
echo "== COR client POST (a new client per request)"
wrk -t2 -c32 -d"$DURATION" --latency -s "$HERE/cor-client-create.lua" "$BASE/"
echo "== stats"
curl -fsS "$BASE/__sandbox/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: {"entities": v["entities"], "duplicate_creates": v["duplicate_creates"]} for k, v in d.items()}))'
