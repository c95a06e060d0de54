#!/usr/bin/env bash
# Extracts the violence classifier's training input: runs the offline analyzer (the real pipeline: GStreamer decode,
# MultiPose with its heatmaps, the closer look, tracker, FightGate, HeatFeatures) with --trace and without a classifier over the survfight training clips, the
# development clips and the hard negatives, and writes the trace log that train.py reads.
# Usage: tools/violence/extract.sh DATA_DIR OUT_LOG [ANALYZER_OPTION...]
#   (DATA_DIR = ../shared/data; OUT_LOG e.g. /tmp/violence-trace.log; e.g. --no-zoom for the whole-frame pass alone)
set -euo pipefail
data=$(realpath "${1:?usage: $0 DATA_DIR OUT_LOG}")
out=${2:?usage: $0 DATA_DIR OUT_LOG}
out=$(realpath -m "$out")
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:$(cat target/cp.txt)" \
    dev.vigil.offline.ClipAnalyzer --fps 10 --violence-model none --trace "${@:3}" \
    "$data"/train/survfight/fight/*.mp4 "$data"/train/survfight/nofight/*.mp4 "$data"/videos/survfight_dev_*.mp4 \
    "$data"/videos/mmaction2_demo_skeleton_hugging.mp4 "$data"/videos/mmaction2_test_video_structuralize_basketball.mp4 \
    "$data"/videos/openpose_video.avi "$data"/videos/opencv_vtest.avi "$data"/videos/intel_one-by-one-person-detection.mp4 "$data"/videos/assistiot_*.mp4 2>/dev/null | grep -E '^(CLIP|VIOLENCE|SUMMARY)' > "$out"
