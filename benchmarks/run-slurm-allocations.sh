#!/usr/bin/env bash
# N short jobs (`true`) run by torc workers in two Slurm allocations on the local cluster
# (`torc slurm create` + `torc slurm schedule-nodes WF -n 2`, one CPU and 2 GB each), against the
# same stored workflow run by the local runner with 2 CPUs (`torc run ID`). Prints both wall times
# and their ratio, and how many squeue/sacct calls torc made: every call of torc and its workers
# goes through logging shims in front of the real commands on the PATH (sbatch passes the PATH on
# to the allocations). The script's own wait for the allocations to end calls squeue by its full
# path, so it is not counted.
#
# Then the per-job executor (`torc run ID --executor slurm`, each job its own sbatch) with E1 and
# E2 jobs and a 1 s poll interval: its sacct calls against the runner's polls (its wall seconds),
# which stays about one per poll whatever the number of live jobs.
#
# Usage: benchmarks/run-slurm-allocations.sh [N=1000] [ROUNDS=1]
#   SKIP_BUILD=1      use the jar as it is;  E1=10 E2=40: the per-job executor's sizes (E1=0: skip)
set -euo pipefail
n="${1:-1000}"
rounds="${2:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl torc-cli -am package -DskipTests -Dspotless.check.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
fi
if ! sinfo -h >/dev/null 2>&1; then
  echo "no Slurm cluster answers (sinfo); start one: SLURM_LOCAL_ACCOUNTING=1 .ci/slurm-local-up.sh" >&2
  exit 2
fi
real_squeue="$(command -v squeue)"
real_sacct="$(command -v sacct)"
work="$(mktemp -d "${BENCH_DIR:-/tmp}/torc-slurm-alloc.XXXXXX")"
trap 'rm -rf "$work"' EXIT
shims="$work/shims"
calls="$work/calls.log"
mkdir -p "$shims"
: >"$calls"
for cmd in squeue sacct; do
  real="$(command -v "$cmd")"
  printf '#!/bin/bash\necho "%s" >>%q\nexec %q "$@"\n' "$cmd" "$calls" "$real" >"$shims/$cmd"
  chmod +x "$shims/$cmd"
done
export PATH="$shims:$PATH"

spec_of() { # N -> spec file
  local spec="$work/fan$1.yaml"
  cat >"$spec" <<SPEC
name: slurm_allocations
resource_requirements:
  - name: tiny
    num_cpus: 1
    memory: 10m
    runtime: PT1M
jobs:
  - name: start
    command: "true"
    resource_requirements: tiny
  - name: work_{i}
    command: "true"
    resource_requirements: tiny
    depends_on: [start]
    parameters:
      i: "1:$(($1 - 2))"
  - name: end
    command: "true"
    resource_requirements: tiny
    depends_on_regexes: ["work_.*"]
SPEC
  echo "$spec"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
torc() { "$root/torc" "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
completed() { torc --database "$1" -f json workflows status "$2" | json '["job_counts"]["completed"]'; }
torc --version >/dev/null

echo "N=$n jobs, $rounds rounds; $(nproc) CPUs; $(sinfo -h -N -o '%N: %c CPUs, %m MB')"
spec="$(spec_of "$n")"

run_local() {
  local dir wf t0 t1
  dir="$(mktemp -d "$work/local.XXXXXX")"
  wf="$(torc --database "$dir/torc.db" -f json workflows create "$spec" | json '["workflow_id"]')"
  t0="$(now)"
  torc --database "$dir/torc.db" run "$wf" -o "$dir/out" --num-cpus 2 --quiet >"$dir/run.log" 2>&1
  t1="$(now)"
  [ "$(completed "$dir/torc.db" "$wf")" -eq "$n" ] || { echo "local: not all completed" >&2; exit 1; }
  secs "$t0" "$t1"
}

run_allocations() { # prints seconds and status calls
  local dir wf t0 t1 ids before
  dir="$(mktemp -d "$work/alloc.XXXXXX")"
  wf="$(torc --database "$dir/torc.db" -f json workflows create "$spec" | json '["workflow_id"]')"
  torc --database "$dir/torc.db" -f json slurm create "$wf" --name two --account test \
    --walltime 00:30:00 --mem 2g >/dev/null
  before="$(wc -l <"$calls")"
  t0="$(now)"
  ids="$(torc --database "$dir/torc.db" -f json slurm schedule-nodes "$wf" -n 2 -o "$dir/out" |
    json '["job_ids"]' | tr -d "[]' ")"
  while [ -n "$("$real_squeue" -h -j "$ids" -o %i 2>/dev/null)" ]; do sleep 0.2; done
  t1="$(now)"
  local done
  done="$(completed "$dir/torc.db" "$wf")"
  [ "$done" -eq "$n" ] || { echo "allocations: $done of $n completed; logs in $dir/out" >&2; trap - EXIT; exit 1; }
  echo "$(secs "$t0" "$t1") $(($(wc -l <"$calls") - before))"
}

run_executor() { # jobs -> seconds and sacct/squeue calls
  local dir wf t0 t1 before s
  dir="$(mktemp -d "$work/exec.XXXXXX")"
  s="$(spec_of "$1")"
  wf="$(torc --database "$dir/torc.db" -f json workflows create "$s" | json '["workflow_id"]')"
  torc --database "$dir/torc.db" -f json slurm create "$wf" --name one --account test \
    --walltime 00:10:00 >/dev/null
  before="$(wc -l <"$calls")"
  t0="$(now)"
  torc --database "$dir/torc.db" run "$wf" -o "$dir/out" --executor slurm --poll-interval 1 \
    --quiet >"$dir/run.log" 2>&1 || { tail "$dir/run.log" >&2; exit 1; }
  t1="$(now)"
  [ "$(completed "$dir/torc.db" "$wf")" -eq "$1" ] || { echo "executor: not all completed" >&2; exit 1; }
  echo "$(secs "$t0" "$t1") $(($(wc -l <"$calls") - before))"
}

for ((r = 1; r <= rounds; r++)); do
  echo "round $r: load before $(cut -d' ' -f1-3 /proc/loadavg)"
  tl="$(run_local)"
  echo "  local runner (2 CPUs):          $tl s"
  echo "  load before allocations: $(cut -d' ' -f1 /proc/loadavg)"
  read -r ta ca <<<"$(run_allocations)"
  echo "  two Slurm allocations (1 CPU each): $ta s; squeue/sacct calls by torc: $ca"
  awk -v a="$ta" -v l="$tl" 'BEGIN { printf "  ratio allocations/local wall time: %.2f\n", a / l }'
done
for e in ${E1:-10} ${E2:-40}; do
  [ "$e" -gt 0 ] || continue
  echo "per-job executor, $e jobs (load before $(cut -d' ' -f1 /proc/loadavg)):"
  read -r te ce <<<"$(run_executor "$e")"
  awk -v t="$te" -v c="$ce" -v e="$e" 'BEGIN {
    printf "  %.1f s, %d squeue/sacct calls = %.2f per second of 1 s polls (%d jobs)\n", t, c, c / t, e }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
