#!/usr/bin/env bash
# Byte-reproducible builds: packages every module twice from the same tree (clean in between,
# offline, no tests) and compares the sha256 of each module's jars (main, sources, shaded).
# On a difference it names the jar and the entries that differ, and fails.
# Ends with 'reproducible: N jars identical' or 'reproducible: N of M jars differ'.
# TORC_REPRO_ARGS adds Maven arguments, such as '-pl torc-core' to check one module.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d /tmp/torc-repro.XXXXXX)"
trap 'rm -rf "$work"' EXIT

build() {
  # shellcheck disable=SC2086 # the extra arguments are words
  # Removed by hand rather than by 'clean', whose plugin an offline build may not have.
  rm -rf ./target ./*/target
  ./mvnw -B -q -o package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
    ${TORC_REPRO_ARGS:-}
  mkdir -p "$work/$1"
  # Every jar a module builds, kept under its module's path.
  find . -path ./node_modules -prune -o -path '*/target/*.jar' -print | while read -r jar; do
    mkdir -p "$work/$1/$(dirname "$jar")"
    cp "$jar" "$work/$1/$jar"
  done
}

build first
build second

cd "$work"
total=0
differ=0
while read -r jar; do
  total=$((total + 1))
  other="second/${jar#first/}"
  if [ ! -f "$other" ]; then
    echo "DIFFERS: ${jar#first/} was built only once" >&2
    differ=$((differ + 1))
    continue
  fi
  if [ "$(sha256sum <"$jar")" != "$(sha256sum <"$other")" ]; then
    differ=$((differ + 1))
    echo "DIFFERS: ${jar#first/}" >&2
    mkdir -p "x1" "x2"
    rm -rf x1/* x2/*
    (cd x1 && unzip -qo "$work/$jar")
    (cd x2 && unzip -qo "$work/$other")
    diff -rq x1 x2 | sed 's/^/  /' >&2 || true
    # Same contents: the entries' order or metadata (times, permissions) differ.
    zipinfo -T "$work/$jar" 2>/dev/null | tail -n +2 >z1 || true
    zipinfo -T "$work/$other" 2>/dev/null | tail -n +2 >z2 || true
    diff z1 z2 | head -10 | sed 's/^/  /' >&2 || true
  fi
done < <(find first -name '*.jar' | sort)

if [ "$total" -eq 0 ]; then
  echo "reproducible: no jars were built" >&2
  exit 1
fi
if [ "$differ" -gt 0 ]; then
  echo "reproducible: $differ of $total jars differ"
  exit 1
fi
echo "reproducible: $total jars identical"
