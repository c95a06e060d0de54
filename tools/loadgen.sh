#!/usr/bin/env bash
# Load benchmark: for each N, starts the server (java -jar target/vigil.jar, its own process, on
# 127.0.0.1), opens N WebRTC streams to it from a separate load-generator process (webrtcbin senders
# playing a real-person 640x480 clip at 15 fps, H.264 and VP8 alternating, one user and one alert
# socket per stream), holds them, reports per stream and overall, and stops the server.
#
#   tools/loadgen.sh [--streams "1 2 4 8 16"] [--warmup 5] [--seconds 20] [--label person|empty]
#                    [--port 18780] [--no-build] [--clips-only]
#
# --label person: the fall clip (a woman standing, fainting, lying; an alert per loop);
# --label empty:  an empty corner of the same room (nobody in view: the idle cost of a stream).
# SERVER_JAVA_OPTS (environment) is added to the server's java command line, e.g. a flight recording.
# Results: target/bench/loadgen-LABEL-N.properties and .txt (per-stream table). The clips are made
# once from src/test/resources/clips/fall.mp4 into target/bench/clips/ (3 minutes: the clip 24 times over).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MALLOC_ARENA_MAX=2

STREAMS="1 2 4 8 16"; WARMUP=5; SECONDS_HELD=20; LABEL=person; PORT=18780; BUILD=1; CLIPS_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --streams) STREAMS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --seconds) SECONDS_HELD="$2"; shift 2 ;;
        --label) LABEL="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --clips-only) CLIPS_ONLY=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

OUT=target/bench
CLIPS=$OUT/clips
mkdir -p "$CLIPS"

# 15 fps, 640x480, H.264 constrained baseline in MP4 and VP8 in WebM, keyframe every 2 s like a browser.
# The 7.5 s fall clip is looped LOOPS times into one recording (3 minutes), sent as it is: looping
# at encode time keeps the senders trivial and the stream seamless. Made again if LOOPS changes.
LOOPS=24
make_clip() { # name, crop filter
    local name=$1 filter=$2 sources="" i
    if [ -s "$CLIPS/$name.mp4" ] && [ -s "$CLIPS/$name.webm" ] && [ "$(cat "$CLIPS/$name.loops" 2>/dev/null)" = "$LOOPS" ]; then
        return
    fi
    for i in $(seq 1 $LOOPS); do
        sources="$sources filesrc location=src/test/resources/clips/fall.mp4 ! qtdemux ! h264parse ! avdec_h264 ! c. "
    done
    # shellcheck disable=SC2086
    gst-launch-1.0 -q concat name=c ! videorate ! video/x-raw,framerate=15/1 ! $filter ! videoconvert \
        ! video/x-raw,format=I420,width=640,height=480 ! tee name=t \
        ! queue ! x264enc bitrate=800 speed-preset=veryfast key-int-max=30 tune=zerolatency \
        ! video/x-h264,profile=constrained-baseline ! h264parse ! mp4mux faststart=true ! filesink location="$CLIPS/$name.mp4" \
        t. ! queue ! vp8enc deadline=1 cpu-used=4 target-bitrate=800000 keyframe-max-dist=30 ! webmmux \
        ! filesink location="$CLIPS/$name.webm" $sources
    echo $LOOPS > "$CLIPS/$name.loops"
}
make_clip person "videoscale"
# the far left of the room (door, floor, a chair), where nobody goes in the clip, scaled up
make_clip empty "videocrop right=520 top=120 bottom=270 ! videoscale"
[ "$CLIPS_ONLY" = 1 ] && exit 0
if [ $((WARMUP + SECONDS_HELD)) -gt $((LOOPS * 7 - 10)) ]; then
    echo "warm-up + hold must stay under the clip's $((LOOPS * 7)) s" >&2; exit 2
fi

if [ "$BUILD" = 1 ]; then
    mvn -o -q package -DskipTests
    mvn -o -q test-compile
fi
[ -s target/bench-classpath.txt ] || mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# an @argfile: ONNX Runtime's native loader can crash on very long -cp strings
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > $OUT/java.args

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT

for n in $STREAMS; do
    SERVER_PORT=$PORT SERVER_HOST=127.0.0.1 VIGIL_WEBRTC_LOCAL_dash_ADDRESSES=127.0.0.1 \
        VIGIL_STREAMS_MAX_dash_PER_dash_USER=16 VIGIL_STREAMS_MAX_dash_OFFERS_dash_PER_dash_MINUTE=1000000 \
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${SERVER_JAVA_OPTS:-} -jar target/vigil.jar > "$OUT/server-$LABEL-$n.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -sf "http://127.0.0.1:$PORT/api/stats" > /dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died, see $OUT/server-$LABEL-$n.log" >&2; exit 1; }
        sleep 0.1
    done
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m @$OUT/java.args dev.vigil.bench.LoadGenerator \
        --url "http://127.0.0.1:$PORT" --pid "$SERVER_PID" --streams "$n" --label "$LABEL" \
        --warmup "$WARMUP" --seconds "$SECONDS_HELD" \
        --h264 "$CLIPS/$LABEL.mp4" --vp8 "$CLIPS/$LABEL.webm" --out "$OUT/loadgen-$LABEL-$n.properties" \
        | tee "$OUT/loadgen-$LABEL-$n.txt"
    stop_server
done
