#!/usr/bin/env bash
# Throughput benchmark: builds the jar, starts the sandbox and Ferry (-Xmx256m) each in its own JVM, drops generated
# CSVs into Ferry's inbox and prints one table (see docs/performance.md).
# Usage: bench/run.sh [rows=100000] [bigRows=1000000] [concurrency=8] [latencyRows=4000] [complycubeRows=60]
# WORK=<dir> keeps the files, logs and reports there (default: a new temporary directory). A count of 0 skips its
# part. WARMUP_ROWS (100000): rows of each warm-up round (created, then re-sent twice), repeated until Ferry's JIT
# compilers are quiet (at most 4 rounds).
# FERRY_JAVA_OPTS, FERRY_SETTINGS: see Benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
WORK="${WORK:-$(mktemp -d -t ferry-bench-XXXXXX)}"
echo "Working directory: $WORK ($(nproc) cores)"
exec java -cp target/ferry.jar:target/test-classes io.ferry.bench.Benchmark target/ferry.jar "$WORK" "$@"
