#!/bin/sh
# Alert store figures: ms to store one alert with its snapshot (p50/p95) on SQLite and on a real
# PostgreSQL (started on a free loopback port, as the tests do), bytes per 1,000 stored alerts,
# and the time to replay N stored alerts to one socket. Prints a Markdown table.
#   tools/bench-store.sh [ALERTS (default 1000)] [REPLAY (default 10000)] [JPEG_BYTES (default 50000)]
set -eu
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > target/bench-store.args
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g @target/bench-store.args \
    dev.vigil.bench.StoreBenchmark "$@"
