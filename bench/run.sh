#!/usr/bin/env bash
# Throughput benchmark: builds the jar, starts the sandbox and Ferry (-Xmx256m) each in its own JVM, drops generated
# CSVs into Ferry's inbox and prints one table (see docs/performance.md).
# Usage: bench/run.sh [--quick] [rows=100000] [bigRows=1000000] [concurrency=8] [latencyRows=4000] [complycubeRows=60]
#                     [capacityRows=10000]
# --quick: every row at reduced sizes (20000, 200000, 8, 1000, 20, 8000) and one warm-up round of 20000 rows; numbers
# after it override its sizes. A count of 0 skips its part; capacityRows defaults to 0 when latencyRows is 0, so
# "bench/run.sh 20000 0 8 0 0" runs rows (1)-(3) only.
# WORK=<dir> keeps the files, logs and reports there (default: a new temporary directory). WARMUP_ROWS (100000, quick
# 20000): rows of each warm-up round (created, then re-sent twice), repeated until Ferry's JIT compilers are quiet (at
# most 4 rounds, quick 1).
# FERRY_JAVA_OPTS, FERRY_SETTINGS: see Benchmark.
# Row (1) runs wrk (bench/cor-clients.lua), installed here from the distribution's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends wrk
fi
mvn -B -q package -DskipTests
WORK="${WORK:-$(mktemp -d -t ferry-bench-XXXXXX)}"
echo "Working directory: $WORK ($(nproc) cores)"
exec java -Dferry.bench.wrk-script=bench/cor-clients.lua -cp target/ferry.jar:target/test-classes \
  io.ferry.bench.Benchmark target/ferry.jar "$WORK" "$@"
