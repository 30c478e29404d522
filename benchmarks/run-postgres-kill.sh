#!/usr/bin/env bash
# Three runners on one PostgreSQL workflow, one of them killed with SIGKILL while they all run
# jobs; then a resume. The workflow has dependencies: N `prep_{i}` jobs, N `work_{i}` jobs each
# after its `prep_{i}`, and one `agg` after all of them. Every job sleeps (PREP, WORK seconds) and
# then appends its name to a ledger file, so a job that ran to its end twice shows twice there,
# whichever attempt it was.
#
# It reports when the killed runner's attempts were recorded lost (seconds after the kill) and the
# jobs written twice to the ledger, and fails unless every job completed exactly once (one
# completed result each), every other result is a lost attempt (return code -1), and the tables
# live in the run's PostgreSQL schema. A job can still run to its end twice: one whose process
# ends between the kill and the settling (see README, "loses nothing when killed").
#
# Usage: benchmarks/run-postgres-kill.sh [N=60] [ROUNDS=3]
#   TORC_TEST_POSTGRES_URL  the server to use (postgresql://USER@HOST:PORT/DB); when unset, a
#                           throwaway cluster is started with .ci/postgres.sh (fsync=off)
#   PREP=1.0 WORK=0.8       seconds each prep and work job sleeps before it writes its line
#   KILL_AFTER=6            seconds after the runners start that the first one is killed
#   SKIP_BUILD=1            use the jar as it is
#   KEEP_SCHEMAS=1          leave the schemas in the database
set -euo pipefail
n="${1:-60}"
rounds="${2:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl torc-cli -am package -DskipTests -Dspotless.check.skip=true) 1>&2
fi
work_name=torc-pg-kill
# shellcheck source=postgres-bench.sh
source "$root/benchmarks/postgres-bench.sh"

for round in $(seq 1 "$rounds"); do
  dir="$work/round$round"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  mkdir -p "$dir"
  schema="kill_$$_$round"
  schemas+=("$schema")
  location="$url?schema=$schema"
  ledger="$dir/ledger"
  cat >"$dir/spec.yaml" <<EOF
name: postgres_kill
jobs:
  - name: prep_{i}
    command: sleep ${PREP:-1.0} && echo "\$TORC_JOB_NAME" >> $ledger
    parameters:
      i: "1:$n"
  - name: work_{i}
    command: sleep ${WORK:-0.8} && echo "\$TORC_JOB_NAME" >> $ledger
    depends_on:
      - prep_{i}
    parameters:
      i: "1:$n"
  - name: agg
    command: echo "\$TORC_JOB_NAME" >> $ledger
    depends_on_regexes:
      - "work_.*"
EOF
  id="$("$root/torc" --database "$location" -f json workflows create "$dir/spec.yaml" |
    sed -n 's/^ *"workflow_id" *: *\([0-9]*\).*/\1/p')"
  [ -n "$id" ] || fail "round $round: no workflow created"
  declare -a pids=()
  for r in 0 1 2; do
    "$root/torc" --database "$location" run "$id" -o "$dir/out$r" --quiet >"$dir/r$r.out" 2>"$dir/r$r.err" &
    pids+=("$!")
  done
  sleep "${KILL_AFTER:-6}"
  kill -9 "${pids[0]}"
  killed_at="$(date +%s.%N)"
  wait "${pids[0]}" 2>/dev/null || true
  for r in 1 2; do
    wait "${pids[$r]}" || fail "round $round: runner $r failed: $(cat "$dir/r$r.err")"
  done
  "$root/torc" --database "$location" run "$id" -o "$dir/out3" --quiet >"$dir/r3.out" 2>"$dir/r3.err" ||
    fail "round $round: the resume failed: $(cat "$dir/r3.err")"

  jobs=$((2 * n + 1))
  [ "$(sql "$schema" "SELECT COUNT(*) FROM job WHERE workflow_id = $id")" = "$jobs" ] ||
    fail "round $round: the jobs are not in schema $schema"
  [ "$(sql "$schema" "SELECT COUNT(*) FROM job WHERE workflow_id = $id AND status <> 5")" = 0 ] ||
    fail "round $round: not every job completed"
  [ "$(sql "$schema" "SELECT COUNT(*) FROM (SELECT job_id FROM result WHERE workflow_id = $id
      AND status = 5 GROUP BY job_id HAVING COUNT(*) = 1) once")" = "$jobs" ] ||
    fail "round $round: not every job has exactly one completed result"
  other="$(sql "$schema" "SELECT COUNT(*) FROM result WHERE workflow_id = $id AND status <> 5
      AND return_code <> -1")"
  [ "$other" = 0 ] || fail "round $round: $other results are neither completed nor lost"
  lost="$(sql "$schema" "SELECT COUNT(*), MIN(completion_time), MAX(completion_time) FROM result
      WHERE workflow_id = $id AND return_code = -1")"
  IFS='|' read -r lost_count first_lost last_lost <<<"$lost"
  after() { awk -v a="$killed_at" -v b="$(date -d "$1" +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
  twice="$(sort "$ledger" | uniq -d | tr '\n' ' ')"
  echo "round $round: $jobs jobs, each completed once; $lost_count attempts recorded lost" \
    "$( [ "$lost_count" -gt 0 ] && echo "$(after "$first_lost")-$(after "$last_lost") s after the kill")" \
    "(load before $load); ran to their end twice: ${twice:-none}"
done
