#!/usr/bin/env bash
# Regenerates src/main/resources/web/alert.mp3 from make-alert-sound.mjs (node + GStreamer's lamemp3enc).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
wav="$(mktemp --suffix=.wav)"
trap 'rm -f "$wav"' EXIT
node "$here/make-alert-sound.mjs" "$wav"
gst-launch-1.0 -q filesrc location="$wav" ! wavparse ! audioconvert ! audioresample \
  ! lamemp3enc target=bitrate bitrate=64 cbr=true ! filesink location="$repo/src/main/resources/web/alert.mp3"
