#!/usr/bin/env bash
# Runs every test: Java unit and integration tests (real GStreamer, real ONNX Runtime, real
# WebRTC over 127.0.0.1) and the browser tests (Debian chromium driven by playwright-core).
# Dependencies are fetched first; the tests then run offline and, when run as root with
# iproute2, inside a network namespace whose only interface is loopback, so no test can send
# traffic off the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="chromium postgresql mosquitto python3-prometheus-client"
command -v npm >/dev/null || extra="$extra nodejs npm"
VIGIL_EXTRA_PACKAGES="$extra ${VIGIL_EXTRA_PACKAGES:-}" source tools/setup.sh

echo "test: fetching dependencies"
# Every dependency and every plugin the pom names (whatever artifacts are added later).
mvn -B -q dependency:go-offline
# go-offline does not see what plugins resolve while they run: Surefire picks its JUnit Platform
# provider (surefire-junit-platform) and the matching junit-platform-launcher only when it forks
# a JVM for tests, and a run that finds no test never forks. So run the real `package` online
# with one cheap pure-Java test: every plugin of every phase up to package runs and resolves
# what it needs. The test named must exist (no failIfNoSpecifiedTests=false): if it is renamed,
# this step fails here, loudly, instead of the offline run failing later.
mvn -B -q package -Dtest=LetterboxTest >/dev/null
if [ -f tests/browser/package.json ]; then (cd tests/browser && npm ci --no-audit --no-fund --silent); fi
# GStreamer builds its plugin registry on first use: build it here, in one process outside any JVM, so the tests'
# servers read it instead of scanning plugins at the same time (see media/Gstreamer.java).
gst-inspect-1.0 >/dev/null 2>&1 || true

isolated=()
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null && ip netns add "vigil-test-$$" 2>/dev/null; then
  trap 'ip netns delete "vigil-test-$$" 2>/dev/null || true' EXIT
  ip netns exec "vigil-test-$$" ip link set lo up
  isolated=(ip netns exec "vigil-test-$$")
  echo "test: running offline in network namespace vigil-test-$$ (loopback only)"
else
  echo "test: running offline (no network namespace: not root or no iproute2)"
fi

"${isolated[@]}" mvn -B -o package
if [ -x tests/browser/run.sh ]; then
  "${isolated[@]}" tests/browser/run.sh
fi
