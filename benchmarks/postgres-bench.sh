# Sourced by the PostgreSQL benchmarks: the server, a work directory, schemas dropped at the end,
# and the helpers sql and fail. Before sourcing, set root (the repository) and work_name (the
# work directory's prefix). Afterwards url is the server, work the work directory, and a schema
# appended to schemas is dropped at exit (unless KEEP_SCHEMAS=1).
#   TORC_TEST_POSTGRES_URL  the server to use (postgresql://USER@HOST:PORT/DB); when unset, a
#                           throwaway cluster is started with .ci/postgres.sh (fsync=off)
if [ -z "${TORC_TEST_POSTGRES_URL:-}" ]; then
  # shellcheck source=../.ci/postgres.sh
  source "$root/.ci/postgres.sh" >&2
  if [ "${FSYNC:-off}" = on ]; then
    psql -X -q "$TORC_TEST_POSTGRES_URL" -c "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
  fi
fi
url="$TORC_TEST_POSTGRES_URL"
work="$(mktemp -d "${BENCH_DIR:-/tmp}/$work_name.XXXXXX")"
declare -a schemas=()
cleanup() {
  if [ -z "${KEEP_SCHEMAS:-}" ]; then
    for s in "${schemas[@]}"; do
      psql -q "$url" -c "DROP SCHEMA IF EXISTS \"$s\" CASCADE" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$work"
  if declare -F torc_pg_stop >/dev/null; then
    torc_pg_stop
  fi
}
trap cleanup EXIT

sql() { # schema query -> unaligned rows, fields separated by |
  psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "SET search_path TO \"$1\"; $2"
}
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
