#!/usr/bin/env bash
# Builds torc-VERSION.tar.gz in the build directory: bin/torc (the launcher), lib/torc.jar and
# runtime/, a Java runtime image made by jlink with only the modules torc uses, so that the
# unpacked directory runs on a machine without a JDK. Run by the torc-cli build's `dist` profile.
# Usage: make-dist.sh BUILD_DIR VERSION JAVA_HOME
set -euo pipefail
build="$1"
version="$2"
jdk="$3"
here="$(cd "$(dirname "$0")" && pwd)"
name="torc-$version"
stage="$build/dist/$name"
rm -rf "$build/dist" "$build/$name.tar.gz"
mkdir -p "$stage/bin" "$stage/lib"
# The JDK modules torc.jar and its libraries use (jdeps -s on the shaded jar's classes), plus
# jdk.unsupported (sun.misc.Unsafe), jdk.management (com.sun.management, for OSHI and the JVM's own
# figures), jdk.crypto.ec (PostgreSQL over TLS) and jdk.zipfs.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.unsupported,jdk.zipfs
major="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
compress=--compress=2
if [ "${major%%.*}" -ge 21 ]; then
  compress=--compress=zip-6
fi
"$jdk/bin/jlink" --add-modules "$modules" --output "$stage/runtime" --strip-debug --no-man-pages \
  --no-header-files --generate-cds-archive "$compress"
cp "$build/torc.jar" "$stage/lib/torc.jar"
cp "$here/torc" "$stage/bin/torc"
chmod 755 "$stage/bin/torc"
# Same bytes for the same inputs: names sorted, one time stamp, no owner.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || echo 0)}"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$build/dist" \
  -cf - "$name" | gzip -n >"$build/$name.tar.gz"
echo "built $build/$name.tar.gz"
