#!/usr/bin/env bash
# The store's CPU cost per job of a runner's passes on SQLite (no processes), this checkout
# against a baseline commit, both in one JVM (RunnerPassCostBenchmark): each build's jar in a class
# loader of its own, one workflow of each in turn.
#
# Usage: benchmarks/run-pass-cost.sh [BASELINE_REV=HEAD~1] [JOBS=5000] [ROUNDS=7]
# The JVM runs with the options ./torc gives a runner (C1 only, serial GC).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:-HEAD~1}"
jobs="${2:-5000}"
rounds="${3:-7}"
build() { (cd "$1" && ./mvnw -B -q -pl torc-cli,benchmarks -am package -DskipTests \
  -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2; }
base="$(mktemp -d)"
trap 'rm -rf "$base"' EXIT
git -C "$root" worktree add -q --detach "$base/src" "$rev"
trap 'git -C "$root" worktree remove --force "$base/src"; rm -rf "$base"' EXIT
build "$base/src"
build "$root"
echo "baseline $(git -C "$root" rev-parse --short "$rev"), candidate $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' + uncommitted changes')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.torc.benchmarks.RunnerPassCostBenchmark \
  "$jobs" "$rounds" "$root/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" \
  "$base/src/torc-cli/target/torc.jar" "$root/torc-cli/target/torc.jar"
