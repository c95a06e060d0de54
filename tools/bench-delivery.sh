#!/bin/sh
# Delivery latency per channel (Web Push, MQTT, webhooks): alert stored -> received by a loopback
# receiver (a mosquitto started here, a webhook receiver, a push service that decrypts). Prints a
# Markdown table with p50/p95/max and the load average.
#   tools/bench-delivery.sh [ALERTS (default 300)] [SPACING_MS (default 20)]
set -eu
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > target/bench-delivery.args
exec "$JAVA_HOME/bin/java" -Xmx512m -Djava.util.logging.config.file=src/main/resources/logging.properties \
    @target/bench-delivery.args dev.vigil.delivery.DeliveryLatencyBenchmark "$@"
