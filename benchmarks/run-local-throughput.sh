#!/usr/bin/env bash
# End-to-end local throughput: `torc run` of a fan-out/fan-in workflow of N trivial jobs (`true`),
# SQLite store, resource monitor on (the defaults), against the same N commands through
# `xargs -P 2`, each `bash -c 'true > DIR/N.o 2> DIR/N.e'` (two log files of its own per job, like
# torc). torc runs through ./torc, as users run it (with the JVM options the launcher sets), once
# the jar is built. The two are alternated in every round, and the report gives the median, min
# and max of each and the ratio of the medians torc/xargs.
#
# Two modes say what torc's clock covers; both include the JVM's start, as every `torc` command
# pays it:
#   MODE=spec    (default) `torc run SPEC`: loading the spec and creating the workflow in the
#                store are timed too, as a user who runs a spec file waits for them
#   MODE=stored  `torc run ID` of a workflow created before the clock starts: the runner alone
#
# Every run writes to a directory of its own, and all of them are deleted only at the end: on ext4,
# creating files for some 30 s after thousands were deleted costs several times more (the inode
# allocator steps over recently deleted inodes), so deleting one run's logs before the next made
# whichever side ran second pay for the first (xargs alone, deleting between runs: 12 s -> 17 s).
# On ext4 without a journal (this machine kind's disk) the allocator passes over an inode deleted
# up to 60 s ago, and up to 6 minutes ago while its inode table block has unwritten changes, which
# the new files of the same block keep making: 2,000 jobs of torc took 110 s instead of 5 s within
# seconds of deleting 4,000 files in a sibling directory, with the CPU in recently_deleted(). So
# start this script at least 6 minutes after deleting many files on the same file system (a build,
# a test run, an earlier run of this script), or with BENCH_KEEP=1 on the run before.
#
# Usage: benchmarks/run-local-throughput.sh [N=10000] [ROUNDS=3]
#   MODE=spec|stored  what torc's clock covers (above)
#   SKIP_BUILD=1      use the jar as it is
#   TORC_JAVA_OPTS    extra JVM options for every torc run
# With GNU time at /usr/bin/time, each run also reports the CPU time it used (user + system, its
# jobs included): on a machine that other work keeps busy, the wall clock says more about that
# work than about torc, and the CPU time less.
#
#   BENCH_DIR=DIR     where the work directory goes (default: mktemp in /tmp); outputs and the
#                     xargs logs share it, so both write to the same file system
#   BENCH_KEEP=1      keep the work directory (its path is printed) instead of deleting it at the
#                     end, so that a run that follows soon is not slowed by the deletion
set -euo pipefail
n="${1:-10000}"
rounds="${2:-3}"
mode="${MODE:-spec}"
case "$mode" in
  spec) what="JVM start, spec load, workflow creation and run" ;;
  stored) what="JVM start and run of a stored workflow" ;;
  *)
    echo "MODE must be spec or stored, not '$mode'" >&2
    exit 2
    ;;
esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/torc-cli/target/torc.jar"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl torc-cli -am package -DskipTests -Dspotless.check.skip=true) 1>&2
fi
if [ "$n" -lt 3 ]; then
  echo "N must be at least 3" >&2
  exit 2
fi
work="$(mktemp -d "${BENCH_DIR:-/tmp}/torc-local-throughput.XXXXXX")"
if [ -n "${BENCH_KEEP:-}" ]; then
  trap 'echo "kept the work directory $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
spec="$work/fan.yaml"
cat >"$spec" <<EOF
name: local_throughput
description: one start job, $((n - 2)) trivial work jobs after it, one end job after all of them
jobs:
  - name: start
    command: "true"
  - name: work_{i}
    command: "true"
    depends_on:
      - start
    parameters:
      i: "1:$((n - 2))"
  - name: end
    command: "true"
    depends_on_regexes:
      - "work_.*"
EOF

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
torc() { "$root/torc" "$@"; }
# Runs the command, writing the CPU seconds it and its children used to the file (n/a without GNU
# time).
cpu_timed() {
  local out="$1"
  shift
  if [ -x /usr/bin/time ]; then
    local rc=0
    /usr/bin/time -f '%U %S' -o "$out.raw" "$@" || rc=$?
    awk '{ printf "%.2f", $1 + $2 }' "$out.raw" >"$out"
    return "$rc"
  fi
  echo "n/a" >"$out"
  "$@"
}

fs="$(df -P "$work" | awk 'NR == 2 { print $1 " (" $6 ")" }')"
echo "N=$n jobs (1 start, $((n - 2)) work, 1 end), $rounds rounds; work dir $work on $fs"
echo "MODE=$mode: torc's time covers $what"
echo "$(nproc) CPUs; $(java -version 2>&1 | head -1); TORC_JAVA_OPTS='${TORC_JAVA_OPTS:-}'"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The launcher's first command after a build makes its class-data archive: not on the clock.
torc --version >/dev/null

# The spec alone: load, expand and store it (JVM start included), to show it is not the cost.
t0="$(now)"
torc --database "$work/create.db" -f json workflows create "$spec" >/dev/null
t1="$(now)"
echo "spec load + store (torc workflows create, JVM included): $(secs "$t0" "$t1") s"
rm -f "$work"/create.db*

run_torc() { # prints seconds and CPU seconds
  local dir t0 t1 rc=0 done
  dir="$(mktemp -d "$work/torc.XXXXXX")"
  local target="$spec"
  if [ "$mode" = stored ]; then
    target="$(torc --database "$dir/torc.db" -f json workflows create "$spec" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["workflow_id"])')"
  fi
  t0="$(now)"
  cpu_timed "$dir/cpu" "$root/torc" --database "$dir/torc.db" run "$target" -o "$dir/out" \
    --quiet >"$dir/run.log" 2>&1 || rc=$?
  t1="$(now)"
  if [ "$rc" -ne 0 ]; then
    echo "torc exited $rc:" >&2
    tail -20 "$dir/run.log" >&2
    exit 1
  fi
  done="$(torc --database "$dir/torc.db" -f json workflows status 1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["job_counts"]["completed"])')"
  if [ "$done" -ne "$n" ]; then
    echo "torc completed $done of $n jobs" >&2
    exit 1
  fi
  local logs
  logs="$(find "$dir/out/job_stdio" -type f | wc -l)"
  if [ "$logs" -ne $((2 * n)) ]; then
    echo "torc wrote $logs log files, not $((2 * n))" >&2
    exit 1
  fi
  echo "$(secs "$t0" "$t1") $(cat "$dir/cpu")"
}

run_xargs() { # prints seconds and CPU seconds
  local dir t0 t1 logs
  dir="$(mktemp -d "$work/xargs.XXXXXX")"
  seq 1 "$n" >"$work/$(basename "$dir").in"
  t0="$(now)"
  cpu_timed "$work/$(basename "$dir").cpu" \
    xargs -P 2 -I{} -a "$work/$(basename "$dir").in" bash -c "true > '$dir/{}.o' 2> '$dir/{}.e'"
  t1="$(now)"
  logs="$(find "$dir" -type f | wc -l)"
  if [ "$logs" -ne $((2 * n)) ]; then
    echo "xargs wrote $logs log files, not $((2 * n))" >&2
    exit 1
  fi
  echo "$(secs "$t0" "$t1") $(cat "$work/$(basename "$dir").cpu")"
}

declare -a t_torc t_xargs c_torc c_xargs
for ((r = 1; r <= rounds; r++)); do
  # Swap the order every round, so that neither always runs first after a clean-up.
  for k in 0 1; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    if [ $(((r + k) % 2)) -eq 0 ]; then
      read -r t c <<<"$(run_torc)"; t_torc+=("$t"); c_torc+=("$c")
      echo "  round $r: torc run      $t s, CPU $c s   (load before $load)"
    else
      read -r t c <<<"$(run_xargs)"; t_xargs+=("$t"); c_xargs+=("$c")
      echo "  round $r: xargs -P 2    $t s, CPU $c s   (load before $load)"
    fi
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

stats() { # seconds... -> "median min max"
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s", m, v[1], v[NR] }'
}
report() { # label median min max
  awk -v l="$1" -v m="$2" -v lo="$3" -v hi="$4" -v n="$n" 'BEGIN {
    printf "%-13s median %7.3f s = %6.0f jobs/s   (runs %.3f-%.3f s = %.0f-%.0f jobs/s)\n",
      l, m, n / m, lo, hi, n / hi, n / lo }'
}
read -r mt lot hit <<<"$(stats "${t_torc[@]}")"
read -r mx lox hix <<<"$(stats "${t_xargs[@]}")"
echo
report "torc run" "$mt" "$lot" "$hit"
report "xargs -P 2" "$mx" "$lox" "$hix"
awk -v t="$mt" -v x="$mx" 'BEGIN {
  printf "ratio torc/xargs (jobs/s, medians): %.0f %% (target >= 75 %%)\n", 100 * x / t }'
if [ "${c_torc[0]}" != n/a ]; then
  read -r ct _ _ <<<"$(stats "${c_torc[@]}")"
  read -r cx _ _ <<<"$(stats "${c_xargs[@]}")"
  awk -v t="$ct" -v x="$cx" -v n="$n" 'BEGIN {
    printf "CPU per job, medians: torc %.2f ms, xargs %.2f ms; xargs/torc %.0f %%\n",
      1000 * t / n, 1000 * x / n, 100 * x / t }'
fi
