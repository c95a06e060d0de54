#!/bin/sh
# Pose model benchmark: ms per 640x480 frame split into preprocess / inference / decode, fps with 1
# and 2 intra-op threads, a bare OrtSession.run for comparison, optimisation levels, input sizes and
# two streams at once. Prints Markdown tables (docs/PERFORMANCE.md holds a run of them).
#   tools/bench-pose.sh [ITERATIONS (default 200)] [MODEL_PATH (default models/movenet-multipose-lightning.onnx)]
set -eu
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# the classpath goes through an @argfile: ONNX Runtime's native loader can crash on very long -cp strings
printf -- '-cp\n%s:target/classes:target/test-classes\n' "$(cat target/bench-classpath.txt)" > target/bench-pose.args
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g @target/bench-pose.args \
    dev.vigil.bench.PoseBenchmark "$@"
