#!/usr/bin/env bash
# Runs the frontend guide's checklist (tests/browser/cross-origin.test.mjs: the guide's client class
# on a page of another origin, a real fall alert from the fall clip) against the container image:
# one container with the default cors-origins, one narrowed to the test page's origin, both with
# host networking on free loopback ports, stopped and removed at the end.
#   bash tools/build-image.sh && bash tools/test-image.sh
# Env: VIGIL_IMAGE (default vigil). Needs chromium, node and npm (tools/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
image="${VIGIL_IMAGE:-vigil}"
podman=(podman --storage-driver vfs)
# crun refuses hosts with cgroups v1 and v2 mounted together ("hybrid"); runc takes them.
if [ -d /sys/fs/cgroup/unified ] && command -v runc >/dev/null; then podman+=(--runtime runc); fi
# podman's default rlimits (1M open files) exceed what some hosts allow a container to set;
# these are plenty for Vigil (1024 sockets, 32 streams).
limits=(--ulimit nofile=16384:16384 --ulimit nproc=8192:8192)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); narrowed_port=$(free_port); page_port=$(free_port)
names=("vigil-test-$port" "vigil-test-$narrowed_port")
trap '"${podman[@]}" rm -f "${names[@]}" >/dev/null 2>&1 || true' EXIT

run() { # name port extra-env...
  local name=$1 p=$2; shift 2
  "${podman[@]}" run -d --name "$name" --network host "${limits[@]}" \
    -e SERVER_HOST=127.0.0.1 -e SERVER_PORT="$p" -e VIGIL_WEBRTC_LOCAL_dash_ADDRESSES=127.0.0.1 \
    "$@" "$image" >/dev/null
}
run "${names[0]}" "$port"
run "${names[1]}" "$narrowed_port" -e VIGIL_API_CORS_dash_ORIGINS="http://127.0.0.1:$page_port"

for p in "$port" "$narrowed_port"; do
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$p/health/ready" >/dev/null \
    || { echo "test-image: the container on port $p is not ready" >&2; "${podman[@]}" logs "${names[@]}" >&2; exit 1; }
done
echo "test-image: containers ready on ports $port and $narrowed_port"
VIGIL_URL="http://127.0.0.1:$port" VIGIL_NARROWED_URL="http://127.0.0.1:$narrowed_port" \
  VIGIL_ALLOWED_ORIGIN="http://127.0.0.1:$page_port" tests/browser/run.sh cross-origin.test.mjs
