#!/usr/bin/env bash
# The whole performance run, one go, the figures of docs/PERFORMANCE.md: the load benchmark for
# N = 1, 2, 4, 8, 16 with the real-person clip, the bare limit and decode alone for the same N,
# then N idle streams (an empty scene) against decode alone of the same clip; writes
# target/bench/table.md with the target ratios. About 8 minutes; it loads both cores. Since the
# cores may be shared, the table also gives analysed frames per CPU-second (server vs bare limit).
#
#   tools/bench-all.sh [--streams "1 2 4 8 16"] [--seconds 20] [--idle-streams 8] [--latency-seconds 120]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

STREAMS="1 2 4 8 16"; SECONDS_HELD=20; IDLE=8; LATENCY_SECONDS=120
while [ $# -gt 0 ]; do
    case "$1" in
        --streams) STREAMS="$2"; shift 2 ;;
        --seconds) SECONDS_HELD="$2"; shift 2 ;;
        --idle-streams) IDLE="$2"; shift 2 ;;
        --latency-seconds) LATENCY_SECONDS="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
OUT=target/bench
mkdir -p $OUT
rm -f $OUT/*.properties
{ echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"; } > $OUT/machine.txt

# Server and bare limit back to back for each N: the cores are shared with other work, so figures
# taken minutes apart see different competition.
BUILD=""
for n in $STREAMS; do
    # N=1 is where alert latency is judged: held longer, so its p95 rests on more than a couple of alerts
    held=$SECONDS_HELD
    [ "$n" = 1 ] && [ "$held" -lt "$LATENCY_SECONDS" ] && held=$LATENCY_SECONDS
    bash tools/loadgen.sh $BUILD --streams "$n" --seconds "$held"
    BUILD=--no-build
    bash tools/bare-limit.sh --no-build --streams "$n" --seconds "$SECONDS_HELD"
done
# idle streams: a longer warm-up, so the JIT compiling the server does not count as a stream's cost
bash tools/loadgen.sh --no-build --label empty --streams "$IDLE" --warmup 15 --seconds "$SECONDS_HELD"
bash tools/bare-limit.sh --no-build --label empty --decode-only --streams "$IDLE" --seconds "$SECONDS_HELD"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/machine.txt

"$JAVA_HOME/bin/java" @$OUT/java.args dev.vigil.bench.BenchTable $OUT "$STREAMS" "$IDLE"
cat $OUT/machine.txt
