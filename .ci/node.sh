#!/usr/bin/env bash
# Node.js for the MCP tests: torc-cli's tests drive `torc mcp-server` with the official MCP
# TypeScript client and the MCP Inspector, pinned in torc-cli/src/test/node/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
node --version

(cd torc-cli/src/test/node && npm ci --no-audit --no-fund)
