#!/usr/bin/env bash
# Checks recordings offline: pose model -> tracker -> anomaly stage, printing each alert decision and a summary.
# Usage: tools/analyze-clip.sh [--fps 10] [--set key=value]... [--zones JSON] [--violence-model FILE|none] [--no-zoom] [--detector gated|always|off] [--trace] VIDEO...
set -euo pipefail
args=()
for a in "$@"; do
    if [[ -f $a ]]; then args+=("$(realpath "$a")"); else args+=("$a"); fi # the run happens from the project root
done
cd "$(dirname "$0")/.."
source tools/setup.sh
mvn -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:$(cat target/cp.txt)" \
    dev.vigil.offline.ClipAnalyzer "${args[@]}"
