#!/usr/bin/env bash
# Spec -> SQLite store for a 100,000-job sweep, against a plain JDBC batch insert of the same rows.
# Usage: benchmarks/run-spec-to-store.sh [jobs] [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
exec java -Xmx4g -cp "$root/benchmarks/target/benchmarks.jar" dev.torc.benchmarks.SpecToStoreBenchmark "$@"
