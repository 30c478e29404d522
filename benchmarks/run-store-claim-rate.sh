#!/usr/bin/env bash
# The store's side of many runners on one workflow, without processes (StoreClaimRateBenchmark):
# 1, 2, 4 and 8 runner threads, each with a connection of its own, claim and complete the
# independent jobs of one PostgreSQL workflow until none is left; one runner on a SQLite file is
# the baseline, in the same JVM and rounds. Reports jobs completed per second (the original torc's
# server claims about 2,000 claims per second) and fails when two claims overlapped or a job does
# not have exactly one result. With processes, see run-postgres-runners.sh.
#
# Usage: benchmarks/run-store-claim-rate.sh [JOBS=20000] [ROUNDS=3]
#   TORC_TEST_POSTGRES_URL  the server to use; when unset, a throwaway cluster is started with
#                           .ci/postgres.sh (fsync=off)
#   RUNNERS=1,2,4,8         the runner counts to measure
#   PER_PASS=2              jobs a runner claims a pass (what a runner on 2 CPUs claims)
#   SKIP_BUILD=1            use the jars as they are
# The JVM runs with the options ./torc gives a runner (C1 only, serial GC).
set -euo pipefail
jobs="${1:-20000}"
rounds="${2:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
fi
if [ -z "${TORC_TEST_POSTGRES_URL:-}" ]; then
  # shellcheck source=../.ci/postgres.sh
  source "$root/.ci/postgres.sh" >&2
fi
url="$TORC_TEST_POSTGRES_URL"
prefix="torc_claim_rate_$$"
drop_schemas() {
  psql -X -q -A -t "$url" -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '${prefix}_%'" |
    while read -r schema; do
      psql -X -q "$url" -c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1
    done
}
cleanup() {
  drop_schemas || true
  if declare -F torc_pg_stop >/dev/null; then
    torc_pg_stop
  fi
}
trap cleanup EXIT
echo "$(nproc) CPUs; $(java -version 2>&1 | head -1); server $(psql -X -A -t "$url" -c 'SHOW server_version') fsync=$(psql -X -A -t "$url" -c 'SHOW fsync')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.torc.benchmarks.StoreClaimRateBenchmark \
  "$url" "$prefix" "$jobs" "$rounds" "${RUNNERS:-1,2,4,8}" "${PER_PASS:-2}"
