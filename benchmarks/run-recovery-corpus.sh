#!/usr/bin/env bash
# The failure corpus (27 real failing jobs) through recovery: end states, extra attempts,
# permanent failures retried, transient failures not retried, OOM resizes beyond one.
# Usage: benchmarks/run-recovery-corpus.sh [--rounds N] [--cpus N] [--cli path/to/torc.jar]
#        [--no-oom-headroom]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
exec java -cp "$root/benchmarks/target/benchmarks.jar" dev.torc.benchmarks.RecoveryCorpusBenchmark "$@"
