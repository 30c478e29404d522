#!/usr/bin/env bash
# Measures the local executor's building blocks: resource-monitor cost per sampled job, and job
# spawn rates with the JDK's default launch mechanism and with VFORK.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
jar=benchmarks/target/benchmarks.jar
java -cp "$jar" dev.torc.benchmarks.MonitorCostBenchmark "$@"
java -cp "$jar" dev.torc.benchmarks.SpawnRateBenchmark
java -Djdk.lang.Process.launchMechanism=VFORK -cp "$jar" dev.torc.benchmarks.SpawnRateBenchmark
