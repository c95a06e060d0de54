#!/usr/bin/env bash
# Builds the container image "vigil" from the Dockerfile on a machine with no docker engine and no
# image registry: Debian's podman with the vfs storage driver, and a Debian base image made here
# with mmdebstrap from the same Debian archive apt uses on this machine (then podman import).
# Installs podman, buildah and mmdebstrap with apt when missing. Run as root (or through sudo).
#   bash tools/build-image.sh            build and tag vigil (localhost/vigil:latest)
# Env: VIGIL_JDK (a JDK 21+ for the build stage; default: the JDK tools/setup.sh finds),
#      VIGIL_IMAGE (tag, default vigil), DEBIAN_SUITE (default: this machine's Debian suite).
# Run it:  podman --storage-driver vfs run --rm --network host vigil   (README "Container"; tools/test-image.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in podman buildah mmdebstrap uidmap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-image: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The build stage needs a JDK 21+ (Debian bookworm has only 17): the one tools/setup.sh settles on.
if [ -z "${VIGIL_JDK:-}" ]; then
  VIGIL_EXTRA_PACKAGES="" source tools/setup.sh
  VIGIL_JDK="$JAVA_HOME"
fi
[ -x "$VIGIL_JDK/bin/jlink" ] || { echo "build-image: no jlink in $VIGIL_JDK (VIGIL_JDK must be a JDK 21+)" >&2; exit 1; }

# The suite the Dockerfile names must be one this machine's archive serves: this machine's own.
suite="${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}"
[ -n "$suite" ] || { echo "build-image: set DEBIAN_SUITE (no VERSION_CODENAME in /etc/os-release)" >&2; exit 1; }
apt-cache policy 2>/dev/null | grep -q " $suite/main" \
  || { echo "build-image: apt's archive here does not serve $suite (apt-cache policy)" >&2; exit 1; }
# apt's sources here, deb822 (.sources) or one-line (.list) files, given to mmdebstrap as they are.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && grep -q "$suite" "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || { echo "build-image: no apt source for $suite in /etc/apt" >&2; exit 1; }

podman=(podman --storage-driver vfs)
base="docker.io/library/debian:$suite-slim"
work="$(mktemp -d /tmp/vigil-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
if ! "${podman[@]}" image exists "$base"; then
  echo "build-image: making $base with mmdebstrap from ${sources[*]}"
  # minbase: apt, dpkg and the essentials, like Docker's -slim images (no docs, man pages, locales;
  # man1 kept as an empty folder, as update-alternatives of Java packages links into it).
  as_root mmdebstrap --quiet --variant=minbase --mode=root \
    --aptopt='Acquire::Languages "none"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='mkdir -p "$1/usr/share/man/man1"' \
    "$suite" "$work/base.tar" "${sources[@]}"
  "${podman[@]}" import --change 'CMD ["bash"]' "$work/base.tar" "$base" >/dev/null
fi

# Maven's artifacts for the build stage, fetched here with the host's JDK and trust store into a
# repository of their own (what a package run needs, nothing else of ~/.m2); the image build then
# runs Maven offline.
echo "build-image: fetching Maven artifacts into $work/m2"
build_src="$work/src"
mkdir -p "$build_src" && cp -r pom.xml src "$build_src"/
(cd "$build_src" && JAVA_HOME="$VIGIL_JDK" mvn -B -q -Dmaven.repo.local="$work/m2" package -DskipTests >/dev/null)

echo "build-image: building ${VIGIL_IMAGE:-vigil} (JDK for the build stage: $VIGIL_JDK)"
# --pull=never: the base is the local one; --network host: apt during the build; --format docker:
# OCI images have no HEALTHCHECK, Docker-format ones do (podman healthcheck run vigil-container).
"${podman[@]}" build --pull=never --network host --isolation chroot --format docker \
  --build-arg DEBIAN_SUITE="$suite" --build-context jdk="$VIGIL_JDK" --build-context m2="$work/m2" \
  -t "${VIGIL_IMAGE:-vigil}" .
echo "build-image: built in $(( $(date +%s) - start )) s"
"${podman[@]}" images "${VIGIL_IMAGE:-vigil}"
