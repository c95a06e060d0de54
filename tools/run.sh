#!/usr/bin/env bash
# Sets up what is missing, builds Vigil and runs it with its defaults (http://localhost:8000/).
# Configuration: src/main/resources/application.yaml, overridable by environment variables
# (e.g. SERVER_PORT=9000).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
mvn -B -q package -DskipTests
# JAVA_OPTS overrides the JVM options; a bounded heap keeps RSS predictable.
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:--Xmx1g} -jar target/vigil.jar
