#!/usr/bin/env bash
# MCP tool calls (get_workflow_status, list_pending_failed_jobs) on a 100,000-job workflow: median
# time per call over a piped stdio connection, and store calls per tool call.
# Usage: benchmarks/run-mcp.sh [jobs] [calls]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) 1>&2
uptime
exec java -Xmx4g -cp "$root/benchmarks/target/benchmarks.jar" dev.torc.benchmarks.McpToolCallBenchmark "$@"
