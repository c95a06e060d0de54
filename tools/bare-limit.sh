#!/usr/bin/env bash
# The bare limit beside the load benchmark: the same clips decoded with plain GStreamer (filesrc,
# no WebRTC) and the server's pose model on the newest frame of each stream in turn, at the server's
# thread settings, with no HTTP, tracking or alerting; then decode alone.
#
#   tools/bare-limit.sh [--streams "1 2 4 8 16"] [--warmup 3] [--seconds 15] [--label person|empty]
#                       [--decode-only] [--no-build]
#
# Results: target/bench/bare-LABEL-N.properties and decode-LABEL-N.properties.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MALLOC_ARENA_MAX=2

STREAMS="1 2 4 8 16"; WARMUP=3; SECONDS_HELD=15; LABEL=person; BUILD=1; MODES="bare decode"
while [ $# -gt 0 ]; do
    case "$1" in
        --streams) STREAMS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --seconds) SECONDS_HELD="$2"; shift 2 ;;
        --label) LABEL="$2"; shift 2 ;;
        --decode-only) MODES=decode; shift ;;
        --no-build) BUILD=0; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
OUT=target/bench
bash tools/loadgen.sh --clips-only
if [ "$BUILD" = 1 ]; then
    mvn -o -q test-compile
fi
[ -s target/bench-classpath.txt ] || mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > $OUT/java.args

for mode in $MODES; do
    for n in $STREAMS; do
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m @$OUT/java.args dev.vigil.bench.BareLimit \
            --streams "$n" --label "$LABEL" --warmup "$WARMUP" --seconds "$SECONDS_HELD" \
            --decode-only "$([ "$mode" = decode ] && echo true || echo false)" \
            --h264 "$OUT/clips/$LABEL.mp4" --vp8 "$OUT/clips/$LABEL.webm" --out "$OUT/$mode-$LABEL-$n.properties"
    done
done
