#!/usr/bin/env bash
# The distribution as a user without a JDK gets it: builds torc-VERSION.tar.gz (the torc-cli
# `dist` profile), unpacks it, and runs `bin/torc --version` and a small workflow in a mount
# namespace where the machine's JDK is hidden, with java off the PATH and JAVA_HOME unset.
# Needs root (unshare, mount). Ends with 'dist: N passed, N failed'.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
# TORC_DIST_BUILT=1 tries the tarball already built.
if [ -z "${TORC_DIST_BUILT:-}" ]; then
  ./mvnw -B -q -pl torc-cli -am package -Pdist -DskipTests -Dspotless.check.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi
tarball="torc-cli/target/torc-$version.tar.gz"
work="$(mktemp -d /tmp/torc-dist.XXXXXX)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
home="$work/torc-$version"
jdk="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
printf '%s\n' 'name: no_jdk' 'jobs:' '  - name: hello_{i}' "    command: 'echo hello from {i} > $work/out_{i}.txt'" \
  '    parameters: {i: "1:3"}' '  - name: after' '    command: cat' "    depends_on_regexes: ['hello.*']" \
  >"$work/wf.yaml"

path=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  case "$d" in "$jdk"/*) continue ;; esac
  path="${path:+$path:}$d"
done

# The JDK's directory is hidden under an empty tmpfs, so /usr/bin/java and the like dangle.
unshare -m env -u JAVA_HOME PATH="$path" bash -c '
  set -u
  mount -t tmpfs none "$1"
  home="$2"; work="$3"; version="$4"
  passed=0; failed=0
  check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*" >&2; fi; }
  check bash -c "! command -v java && ! command -v javac && [ -z \"\${JAVA_HOME:-}\" ]"
  "$home/bin/torc" --version >"$work/version.txt" 2>"$work/version.err"
  check test $? -eq 0
  cat "$work/version.txt" "$work/version.err"
  check grep -q "$version" "$work/version.txt"
  "$home/bin/torc" --database "$work/torc.db" -f json run "$work/wf.yaml" -o "$work/out" --quiet \
    >"$work/run.json" 2>"$work/run.err"
  check test $? -eq 0
  cat "$work/run.json" "$work/run.err"
  check grep -q "\"status\" *: *\"completed\"" "$work/run.json"
  check grep -qx "hello from 3" "$work/out_3.txt"
  check test -f "$home/lib/torc.jsa"
  "$home/bin/torc" --database "$work/torc.db" workflows list >"$work/list.txt" 2>&1
  check grep -q no_jdk "$work/list.txt"
  echo "dist: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
' dist-test "$jdk" "$home" "$work" "$version"
