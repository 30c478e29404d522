#!/usr/bin/env bash
# The scheduler alone: fan-out/fan-in workflows of no-op Java tasks in the in-memory store, run
# through the real JobRunner; jobs/s and heap bytes per job, for 100,000 and 1,000,000 jobs.
# Each Java task still gets its two log files, so the file system of the output directory weighs:
# set TMPDIR (e.g. TMPDIR=/dev/shm) to choose where they go; the default is java.io.tmpdir (/tmp).
# Usage: benchmarks/run-scheduler.sh [sizes=100000,1000000] [cpus=2] [rounds=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
tmp=()
if [ -n "${TMPDIR:-}" ]; then
  tmp=("-Djava.io.tmpdir=$TMPDIR")
fi
exec java -Xmx4g "${tmp[@]}" -cp "$root/benchmarks/target/benchmarks.jar" \
  dev.torc.benchmarks.SchedulerBenchmark "$@"
