#!/bin/sh
# Crash safety: kills the server process with SIGKILL while it stores and sends alerts, RUNS times
# on one SQLite store, and prints per run: alerts a socket received, how many of them are not in
# the store (should be 0), the integrity check after reopening, and that ids continue above.
#   tools/bench-crash.sh [RUNS (default 20)]
set -eu
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > target/bench-crash.args
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g @target/bench-crash.args \
    dev.vigil.bench.CrashBenchmark "$@"
