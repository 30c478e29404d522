#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh`): starts a throwaway PostgreSQL
# cluster for the store tests and exports TORC_TEST_POSTGRES_URL; an EXIT trap stops it and removes
# its files. Installs Debian's postgresql package when it is missing. initdb refuses to run as root,
# so the cluster runs as the postgres user, in a temporary directory, on a free loopback port, with
# trust authentication on loopback only.

torc_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(torc_pg_bin)" ] || ! id postgres >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi
TORC_PG_BIN="$(torc_pg_bin)"

torc_pg_free_port() {
  local port
  for port in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

TORC_PG_DIR="$(mktemp -d /tmp/torc-postgres.XXXXXX)"
chown postgres: "$TORC_PG_DIR"
TORC_PG_PORT="$(torc_pg_free_port)"

torc_pg_stop() {
  if [ -n "${TORC_PG_DIR:-}" ] && [ -d "$TORC_PG_DIR" ]; then
    runuser -u postgres -- "$TORC_PG_BIN/pg_ctl" -D "$TORC_PG_DIR/data" -m immediate stop \
      >/dev/null 2>&1 || true
    rm -rf "$TORC_PG_DIR"
  fi
}
trap torc_pg_stop EXIT

runuser -u postgres -- "$TORC_PG_BIN/initdb" -D "$TORC_PG_DIR/data" -U postgres -A trust \
  --no-sync >"$TORC_PG_DIR/initdb.log" 2>&1 || { cat "$TORC_PG_DIR/initdb.log"; exit 1; }
runuser -u postgres -- "$TORC_PG_BIN/pg_ctl" -D "$TORC_PG_DIR/data" -l "$TORC_PG_DIR/server.log" -w \
  -o "-p $TORC_PG_PORT -k $TORC_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null || { cat "$TORC_PG_DIR/server.log"; exit 1; }

export TORC_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$TORC_PG_PORT/postgres"
echo "PostgreSQL $("$TORC_PG_BIN/postgres" --version | awk '{print $3}') for the tests at $TORC_TEST_POSTGRES_URL"
