// Runs the ORIGINAL TF.js MoveNet MultiPose Lightning graph model (pure JS CPU backend) on the test
// photos and writes what it returns as JSON fixtures, so the Java test can check the ONNX conversion.
//
// Each photo is letterboxed exactly as dev.vigil.vision.Letterbox does it (same integer arithmetic),
// and the fixture records a SHA-256 of that letterboxed input: the Java test checks it builds the
// same bytes, so any difference left in the outputs comes from the conversion alone.
//
// Usage: node reference.mjs MODEL_JSON IMAGES_DIR [INPUT_SIZE]
//   e.g. node reference.mjs ../../../scratch/package/models/movenet-multipose.json \
//             ../../src/test/resources/vision 256
// Writes IMAGES_DIR/<name>.movenet.json next to every <name>.png.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';

const [modelJson, imagesDir, inputSizeArg] = process.argv.slice(2);
if (!modelJson || !imagesDir) {
  console.error('usage: node reference.mjs MODEL_JSON IMAGES_DIR [INPUT_SIZE]');
  process.exit(2);
}
const inputSize = Number(inputSizeArg ?? 256);

/** Letterbox geometry: scale the long side to inputSize, round the short side up to a multiple of 32. */
function letterboxGeometry(width, height, size) {
  const longSide = Math.max(width, height);
  const scaledWidth = Math.max(1, Math.round(width * size / longSide));
  const scaledHeight = Math.max(1, Math.round(height * size / longSide));
  const inputWidth = Math.ceil(scaledWidth / 32) * 32;
  const inputHeight = Math.ceil(scaledHeight / 32) * 32;
  return {
    scaledWidth, scaledHeight, inputWidth, inputHeight,
    padX: Math.floor((inputWidth - scaledWidth) / 2), padY: Math.floor((inputHeight - scaledHeight) / 2),
  };
}

/** Bilinear sample positions: for each output index the two source indices and an 8-bit weight. */
function sampleTable(sourceLength, scaledLength) {
  const low = new Int32Array(scaledLength);
  const high = new Int32Array(scaledLength);
  const weight = new Int32Array(scaledLength);
  const ratio = sourceLength / scaledLength;
  for (let i = 0; i < scaledLength; i++) {
    const s = Math.min(Math.max((i + 0.5) * ratio - 0.5, 0), sourceLength - 1);
    const l = Math.floor(s);
    low[i] = l;
    high[i] = Math.min(l + 1, sourceLength - 1);
    weight[i] = Math.round((s - l) * 256);
  }
  return { low, high, weight };
}

/** Packed RGB frame -> letterboxed packed RGB input (black bars), as Letterbox.java does. */
function letterbox(rgb, width, height, g) {
  const out = new Uint8Array(g.inputWidth * g.inputHeight * 3);
  const xs = sampleTable(width, g.scaledWidth);
  const ys = sampleTable(height, g.scaledHeight);
  for (let oy = 0; oy < g.scaledHeight; oy++) {
    const row0 = ys.low[oy] * width * 3;
    const row1 = ys.high[oy] * width * 3;
    const wy = ys.weight[oy];
    let o = ((oy + g.padY) * g.inputWidth + g.padX) * 3;
    for (let ox = 0; ox < g.scaledWidth; ox++) {
      const c0 = xs.low[ox] * 3;
      const c1 = xs.high[ox] * 3;
      const wx = xs.weight[ox];
      for (let c = 0; c < 3; c++) {
        const top = rgb[row0 + c0 + c] * (256 - wx) + rgb[row0 + c1 + c] * wx;
        const bottom = rgb[row1 + c0 + c] * (256 - wx) + rgb[row1 + c1 + c] * wx;
        out[o++] = (top * (256 - wy) + bottom * wy + 32768) >> 16;
      }
    }
  }
  return out;
}

function readPngRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++, j += 4) {
    rgb[i * 3] = png.data[j];
    rgb[i * 3 + 1] = png.data[j + 1];
    rgb[i * 3 + 2] = png.data[j + 2];
  }
  return { width: png.width, height: png.height, rgb };
}

async function loadModel(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = json.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs, weightData,
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
    signature: json.signature,
  }));
}

const round = (v) => Math.round(v * 1e7) / 1e7;

await tf.setBackend('cpu');
const model = await loadModel(modelJson);
const modelSha = crypto.createHash('sha256').update(fs.readFileSync(modelJson)).digest('hex');
for (const name of fs.readdirSync(imagesDir).filter((f) => f.endsWith('.png')).sort()) {
  const { width, height, rgb } = readPngRgb(path.join(imagesDir, name));
  const g = letterboxGeometry(width, height, inputSize);
  const input = letterbox(rgb, width, height, g);
  const tensor = tf.tensor(Int32Array.from(input), [1, g.inputHeight, g.inputWidth, 3], 'int32');
  const output = model.execute(tensor);
  const rows = (await output.array())[0];
  tf.dispose([tensor, output]);
  const fixture = {
    source: 'tools/movenet/reference.mjs: TF.js ' + tf.version.tfjs + ' cpu backend, movenet-multipose.json sha256 ' + modelSha,
    image: name, width, height, inputSize,
    inputWidth: g.inputWidth, inputHeight: g.inputHeight, padX: g.padX, padY: g.padY,
    scaledWidth: g.scaledWidth, scaledHeight: g.scaledHeight,
    letterboxSha256: crypto.createHash('sha256').update(input).digest('hex'),
    // per row: 17 x (y, x, score) normalised to the letterboxed input, then ymin, xmin, ymax, xmax, score
    people: rows.map((row) => row.map(round)),
  };
  const out = path.join(imagesDir, name.replace(/\.png$/, '.movenet.json'));
  fs.writeFileSync(out, JSON.stringify(fixture, null, 1) + '\n');
  const found = rows.filter((row) => row[55] > 0.2).map((row) => row[55].toFixed(3));
  console.log(`${name} ${width}x${height} -> input ${g.inputWidth}x${g.inputHeight}: people above 0.2: [${found}]`);
}
