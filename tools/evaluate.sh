#!/usr/bin/env bash
# Runs the offline analyzer over every video of a data folder and prints a markdown table:
# clip | expected | alerts | behaviours (count of alerts naming each) | ids issued.
# Usage: tools/evaluate.sh DATA_DIR [ClipAnalyzer options, e.g. --fps 8 --set lying-seconds=5]
# DATA_DIR is the folder holding the videos (e.g. ../shared/data/videos). The raw log goes to target/evaluation.log.
set -euo pipefail
data=${1:?usage: $0 DATA_DIR [--fps N] [--set key=value]...}
shift
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
mapfile -t videos < <(find "$data" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.avi' -o -name '*.mkv' -o -name '*.webm' \) | sort)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:$(cat target/cp.txt)" \
    dev.vigil.offline.ClipAnalyzer "$@" "${videos[@]}" 2>/dev/null | tee target/evaluation.log >/dev/null

# What each clip shows (from the data README), by file name.
expected() {
    case $1 in
        assistiot_fall_*) echo "fall" ;;
        assistiot_imm_*) echo "lying (4 s only, under lying-seconds)" ;;
        assistiot_adl_03_*|assistiot_adl_04_*) echo "running (jogging)" ;;
        assistiot_adl_15_*) echo "none (stumble, no fall)" ;;
        assistiot_adl_17_*) echo "none / unusual (crawling)" ;;
        assistiot_adl_*) echo "none" ;;
        survfight_dev_fight_*) echo "violence" ;;
        survfight_dev_nofight_*) echo "none" ;;
        mmaction2_demo_skeleton_hugging*) echo "none (hug)" ;;
        mmaction2_test_video_structuralize_basketball*) echo "none (sport)" ;;
        intel_*) echo "none (dwell, loitering off)" ;;
        *) echo "none" ;;
    esac
}

echo "| clip | expected | alerts | behaviours | ids |"
echo "|---|---|---|---|---|"
grep '^SUMMARY' target/evaluation.log | while read -r line; do
    clip=$(sed -E 's/.* clip=([^ ]+).*/\1/' <<<"$line")
    alerts=$(sed -E 's/.* alerts=([0-9]+).*/\1/' <<<"$line")
    behaviours=$(sed -E 's/.* behaviours=([^ ]+).*/\1/' <<<"$line")
    ids=$(sed -E 's/.* ids=([0-9]+).*/\1/' <<<"$line")
    echo "| $clip | $(expected "$clip") | $alerts | $behaviours | $ids |"
done
