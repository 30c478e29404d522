#!/usr/bin/env bash
# The published artifacts as a JBang user gets them: `./mvnw install` into a throwaway local
# repository (never ~/.m2), then JBang (its jar from Maven Central) runs
# torc-examples/jbang/HelloTorc.java, whose only torc dependency is
# `//DEPS dev.torc:torc-core:VERSION`, and torc-examples/jbang/PolicyKit.java, whose only one is
# `//DEPS dev.torc:torc-testkit:VERSION`. Each run must print its outcome and no debug or SLF4J
# lines. Ends with 'jbang: N passed, N failed'.
set -euo pipefail
cd "$(dirname "$0")/.."
JBANG_VERSION=0.132.1
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
work="$(mktemp -d /tmp/torc-jbang.XXXXXX)"
trap 'rm -rf "$work"' EXIT
repo="$work/m2"
# Seeded with what the build already downloaded, so that only torc's own artifacts are new.
if [ -d "$HOME/.m2/repository" ]; then
  cp -r "$HOME/.m2/repository" "$repo"
fi
./mvnw -B -q install -DskipTests -Dspotless.check.skip=true -Dmaven.repo.local="$repo" \
  -pl torc-bom,torc-core,torc-recovery,torc-testkit,torc-sdk -am >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; exit 1; }

mkdir -p "$work/jbang"
cat >"$work/jbang/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>jbang-launcher</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$JBANG_VERSION</version></dependency>
  </dependencies>
</project>
POM
./mvnw -B -q -f "$work/jbang/pom.xml" dependency:build-classpath -Dmaven.repo.local="$repo" \
  -Dmdep.outputFile="$work/jbang/cp.txt" >"$work/jbang.log" 2>&1 || { cat "$work/jbang.log"; exit 1; }

passed=0
failed=0
check() {
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $*" >&2; fi
}
# JBang's jar, like its launcher script, answers 255 with the command line to run on stdout.
export JBANG_REPO="$repo" JBANG_DIR="$work/jbang-home" JBANG_NO_VERSION_CHECK=true
# Runs a script of torc-examples/jbang: its output in $work/out.txt and $work/err.txt, its exit
# code in $rc.
jbang_run() {
  set +e
  java -cp "$(cat "$work/jbang/cp.txt")" dev.jbang.Main run --quiet -Dtorc.version="$version" \
    "torc-examples/jbang/$1" >"$work/command.txt" 2>"$work/err.txt"
  rc=$?
  if [ "$rc" -eq 255 ]; then
    bash -c "$(cat "$work/command.txt")" >"$work/out.txt" 2>>"$work/err.txt"
    rc=$?
  else
    mv "$work/command.txt" "$work/out.txt"
  fi
  set -e
  echo "--- $1 stdout"; cat "$work/out.txt"; echo "--- stderr"; cat "$work/err.txt"; echo "---"
}

jbang_run HelloTorc.java
check test "$rc" -eq 0
check grep -qx 'sum of squares: 14' "$work/out.txt"
check grep -qx 'sum completed' "$work/out.txt"
check grep -qx 'outcome COMPLETED' "$work/out.txt"
check bash -c "! grep -E 'DEBUG|SLF4J' '$work/out.txt' '$work/err.txt'"

jbang_run PolicyKit.java
check test "$rc" -eq 0
check grep -qx 'fetch completed after 3' "$work/out.txt"
check grep -qx 'service failed after 1' "$work/out.txt"
check bash -c "! grep -E 'DEBUG|SLF4J' '$work/out.txt' '$work/err.txt'"
echo "jbang: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
