#!/usr/bin/env bash
# Sets up what is missing, builds Vigil and runs it with its defaults (http://localhost:8000/).
# Configuration: src/main/resources/application.yaml, overridable by environment variables
# (e.g. SERVER_PORT=9000).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
mvn -B -q package -DskipTests
exec "$JAVA_HOME/bin/java" -jar target/vigil.jar
