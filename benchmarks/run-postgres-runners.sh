#!/usr/bin/env bash
# Many runners on one PostgreSQL workflow: N independent no-op jobs (`command: "true"`, no
# dependencies, so every job is ready from the start and the runners compete for all of them),
# run by 1, 2 and 4 `torc workflows run ID` processes started at once on the same workflow, each
# workflow in a PostgreSQL schema of its own. Each runner has the defaults a user gets (this
# machine's CPUs, the resource monitor on), through ./torc with the launcher's JVM options.
#
# Per run it reports completions per second two ways:
#   wall   N / (from just before the runners are started to the last job's result time), JVM
#          start included;
#   store  (N - 1) / (first to last result time in the store), JVM start excluded.
# The baseline is the same N commands through `xargs -P 2`, each `bash -c 'true > DIR/N.o 2>
# DIR/N.e'` (two log files per job, like torc), in every round, so that the ratio says how close
# the runners come to what this machine can spawn.
#
# After every run it checks with SQL that every job completed, has exactly one result (attempt 1,
# return code 0), went to running exactly once and under one runner (its job_running events), and
# that the tables live in the run's PostgreSQL schema (and no SQLite file appeared).
#
# Usage: benchmarks/run-postgres-runners.sh [N=20000] [ROUNDS=3]
#   TORC_TEST_POSTGRES_URL  the server to use (postgresql://USER@HOST:PORT/DB); when unset, a
#                           throwaway cluster is started with .ci/postgres.sh (fsync=off)
#   RUNNERS="1 2 4"         the runner counts to measure
#   SKIP_BUILD=1            use the jar as it is
#   TORC_JAVA_OPTS          extra JVM options for every torc process
#   KEEP_SCHEMAS=1          leave the benchmark schemas in the database
#   FSYNC=on                turn fsync on in the throwaway cluster (which starts with it off), as
#                           on a real server, so that every commit waits for the disk
set -euo pipefail
n="${1:-20000}"
rounds="${2:-3}"
counts="${RUNNERS:-1 2 4}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl torc-cli -am package -DskipTests -Dspotless.check.skip=true) 1>&2
fi
work_name=torc-pg-runners
# shellcheck source=postgres-bench.sh
source "$root/benchmarks/postgres-bench.sh"

spec="$work/noop.yaml"
cat >"$spec" <<EOF
name: postgres_runners
description: $n independent no-op jobs
jobs:
  - name: job_{i}
    command: "true"
    parameters:
      i: "1:$n"
EOF

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
torc() { "$root/torc" "$@"; }

echo "N=$n independent no-op jobs, $rounds rounds, runners: $counts; PostgreSQL at $url"
echo "server: $(psql -X -A -t "$url" -c 'SHOW server_version') fsync=$(psql -X -A -t "$url" -c 'SHOW fsync')"
echo "$(nproc) CPUs; $(java -version 2>&1 | head -1); TORC_JAVA_OPTS='${TORC_JAVA_OPTS:-}'"

# Checks one finished run; writes "first_result_epoch last_result_epoch jobs_per_runner" to $4.
verify() { # schema workflow_id runners file
  local s="$1" id="$2" k="$3" completed results bad twice tables
  completed="$(sql "$s" "SELECT COUNT(*) FROM job WHERE workflow_id = $id AND status = 5")"
  [ "$completed" -eq "$n" ] || fail "$s: $completed of $n jobs completed"
  results="$(sql "$s" "SELECT COUNT(*), COUNT(DISTINCT job_id) FROM result WHERE workflow_id = $id")"
  [ "$results" = "$n|$n" ] || fail "$s: results (rows|jobs) $results, expected $n|$n"
  bad="$(sql "$s" "SELECT COUNT(*) FROM result WHERE workflow_id = $id
    AND (attempt_id <> 1 OR run_id <> 1 OR return_code <> 0 OR status <> 5)")"
  [ "$bad" -eq 0 ] || fail "$s: $bad results are not attempt 1 of run 1 with return code 0"
  # A job's runner is forgotten when it completes; its job_running events say who ran it.
  twice="$(sql "$s" "SELECT COUNT(*) FROM (SELECT job_id FROM event
    WHERE workflow_id = $id AND kind = 'job_running' GROUP BY job_id
    HAVING COUNT(*) <> 1 OR COUNT(DISTINCT substring(message from 'runner [0-9]+')) <> 1) t")"
  [ "$twice" -eq 0 ] || fail "$s: $twice jobs went to running more than once or under two runners"
  local started
  started="$(sql "$s" "SELECT COUNT(DISTINCT job_id) FROM event
    WHERE workflow_id = $id AND kind = 'job_running'")"
  [ "$started" -eq "$n" ] || fail "$s: $started of $n jobs have a job_running event"
  tables="$(psql -X -q -A -t "$url" -c "SELECT COUNT(*) FROM information_schema.tables
    WHERE table_schema = '$s' AND table_name IN ('workflow', 'job', 'result', 'runner', 'event')")"
  [ "$tables" -eq 5 ] || fail "$s: $tables of the 5 store tables are in the schema"
  if find "$work" -name '*.db' -print -quit | grep -q .; then
    fail "a SQLite file appeared: $(find "$work" -name '*.db')"
  fi
  local per
  per="$(sql "$s" "SELECT string_agg(c::text, '+' ORDER BY c DESC) FROM (SELECT COUNT(*) c
    FROM event WHERE workflow_id = $id AND kind = 'job_running'
    GROUP BY substring(message from 'runner [0-9]+')) t")"
  local ran
  ran="$(sql "$s" "SELECT COUNT(DISTINCT substring(message from 'runner [0-9]+')) FROM event
    WHERE workflow_id = $id AND kind = 'job_running'")"
  [ "$ran" -le "$k" ] || fail "$s: $ran runners ran jobs, but $k were started"
  {
    sql "$s" "SELECT EXTRACT(EPOCH FROM MIN(completion_time::timestamptz)),
      EXTRACT(EPOCH FROM MAX(completion_time::timestamptz)) FROM result WHERE workflow_id = $id" |
      tr '|' ' ' | tr -d '\n'
    echo " $per"
  } >"$4"
}

# Sets $measured to "wall_jobs_per_s store_jobs_per_s exit_s jobs_per_runner".
run_runners() { # runners round
  local k="$1" r="$2" s loc dir id t0 t1 i rc
  s="bench_${k}r_${r}_$$"
  schemas+=("$s")
  loc="$url?schema=$s"
  dir="$work/$s"
  mkdir -p "$dir"
  id="$(torc --database "$loc" -f json workflows create "$spec" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["workflow_id"])')"
  local -a pids=()
  t0="$(now)"
  for ((i = 1; i <= k; i++)); do
    torc --database "$loc" workflows run "$id" --quiet -o "$dir/out" \
      >"$dir/runner$i.log" 2>&1 &
    pids+=("$!")
  done
  for ((i = 1; i <= k; i++)); do
    rc=0
    wait "${pids[$((i - 1))]}" || rc=$?
    if [ "$rc" -ne 0 ]; then
      tail -20 "$dir/runner$i.log" >&2
      fail "$s: runner $i exited $rc"
    fi
  done
  t1="$(now)"
  local first last per
  verify "$s" "$id" "$k" "$dir/verified"
  read -r first last per <"$dir/verified"
  measured="$(awk -v n="$n" -v t0="$t0" -v t1="$t1" -v a="$first" -v b="$last" -v per="$per" 'BEGIN {
    printf "%.0f %.0f %.3f %s", n / (b - t0), (n - 1) / (b - a), t1 - t0, per }')"
}

run_xargs() { # -> jobs per second
  local dir t0 t1 logs
  dir="$(mktemp -d "$work/xargs.XXXXXX")"
  t0="$(now)"
  seq 1 "$n" | xargs -P 2 -I{} bash -c "true > '$dir/{}.o' 2> '$dir/{}.e'"
  t1="$(now)"
  logs="$(find "$dir" -type f | wc -l)"
  [ "$logs" -eq $((2 * n)) ] || fail "xargs wrote $logs log files, not $((2 * n))"
  awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }'
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    printf "%.0f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A wall store
declare -a base=()
for ((r = 1; r <= rounds; r++)); do
  echo "round $r (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  x="$(run_xargs)"
  base+=("$x")
  echo "  xargs -P 2          $x jobs/s"
  for k in $counts; do
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    run_runners "$k" "$r"
    read -r w st exit_s per <<<"$measured"
    wall[$k]="${wall[$k]:-} $w"
    store[$k]="${store[$k]:-} $st"
    printf '  %d runner(s)         wall %5s jobs/s, store %5s jobs/s, all exited after %7s s;' \
      "$k" "$w" "$st" "$exit_s"
    echo " jobs per runner $per; checks passed (load before: $load)"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

bm="$(median "${base[@]}")"
# shellcheck disable=SC2086
w1="$(median ${wall[$(echo $counts | cut -d' ' -f1)]})"
echo
printf '%-8s %-24s %-24s %12s %12s %10s\n' runners "wall jobs/s (runs)" "store jobs/s (runs)" \
  "median wall" "median store" "vs first"
for k in $counts; do
  # shellcheck disable=SC2086
  mw="$(median ${wall[$k]})"
  # shellcheck disable=SC2086
  ms="$(median ${store[$k]})"
  printf '%-8s %-24s %-24s %12s %12s %9.2fx\n' "$k" "$(echo ${wall[$k]} | tr ' ' ',')" \
    "$(echo ${store[$k]} | tr ' ' ',')" "$mw" "$ms" "$(awk -v a="$mw" -v b="$w1" 'BEGIN { print a / b }')"
done
printf '%-8s %-24s %-24s %12s\n' "xargs" "$(echo "${base[@]}" | tr ' ' ',')" "" "$bm"
for k in $counts; do
  # shellcheck disable=SC2086
  awk -v k="$k" -v w="$(median ${wall[$k]})" -v b="$bm" 'BEGIN {
    printf "ratio %d runner(s)/xargs -P 2 (wall medians): %.0f %%\n", k, 100 * w / b }'
done
