#!/usr/bin/env bash
# Runs the browser tests: Debian's chromium (driven by playwright-core from npm) against the real
# server jar, headless. Builds the jar first if it is missing. Screenshots and logs: output/.
#   tests/browser/run.sh                      all test files
#   tests/browser/run.sh checklist.test.mjs   some of them
# Env: VIGIL_JAR (default target/vigil.jar), CHROMIUM (default /usr/bin/chromium), JAVA_HOME;
# cross-origin.test.mjs also VIGIL_URL etc. to target running servers (see the file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="${VIGIL_JAR:-$repo/target/vigil.jar}"
if [[ -z "${VIGIL_URL:-}" && ! -f "$jar" ]]; then  # VIGIL_URL: tests of a running server
  echo "run.sh: building $jar" >&2
  (cd "$repo" && mvn -o -q package -DskipTests)
fi
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || { echo "run.sh: no chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2; exit 1; }
for tool in gst-launch-1.0 node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done

# playwright-core only: it never downloads a browser.
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p output

if [[ $# -eq 0 ]]; then
  set -- client.test.mjs checklist.test.mjs cross-origin.test.mjs sources.test.mjs reconnect.test.mjs limits.test.mjs alerts.test.mjs push.test.mjs login.test.mjs seed-local.test.mjs history.test.mjs
fi
# One file at a time: each starts its own server and browser; the machine has two cores.
exec node --test --test-concurrency=1 --test-reporter=spec "$@"
