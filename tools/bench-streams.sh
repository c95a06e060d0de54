#!/usr/bin/env bash
# What a stream costs: answer time, threads, RSS and CPU per idle 640x480 stream, and RSS over
# long open/close churn. Starts the server (java -jar) on 127.0.0.1 and drives it from another JVM.
# Usage: tools/bench-streams.sh [STREAMS=8] [CHURN_CYCLES=300]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
mvn -B -q -o package -DskipTests
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
port=18000
SERVER_PORT=$port SERVER_HOST=127.0.0.1 VIGIL_STREAMS_MAX_dash_OFFERS_dash_PER_dash_MINUTE=1000000 VIGIL_WEBRTC_LOCAL_dash_ADDRESSES=127.0.0.1 \
  "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar target/vigil.jar > target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done
printf -- '-cp\ntarget/test-classes:target/classes:%s\n' "$(cat target/test-classpath.txt)" > target/bench-args.txt
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED @target/bench-args.txt dev.vigil.bench.StreamCost "$port" "$server" "${1:-8}" "${2:-300}"
