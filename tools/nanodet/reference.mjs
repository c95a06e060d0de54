// Runs the ORIGINAL TF.js NanoDet graph model (@tensorflow/tfjs 4.22.0, pure JS CPU backend) on a photo squeezed to
// WxH (nearest neighbour; TF.js wants 416x416), writes the raw RGB input and the person scores and GFL distances it
// gives (decoded as convert_nanodet.py decodes them), to compare with the ONNX model on the same bytes.
// Usage: node reference.mjs MODEL_JSON PHOTO.png 416 416 OUT.rgb OUT.json   (npm install @tensorflow/tfjs@4.22.0 pngjs@7.0.0)
import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
const [modelJson, png, W, H, outRaw, outJson] = process.argv.slice(2);
const w = Number(W), h = Number(H);
const img = PNG.sync.read(fs.readFileSync(png));
const rgb = new Uint8Array(w * h * 3);
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
  const sx = Math.floor(x * img.width / w), sy = Math.floor(y * img.height / h);
  for (let c = 0; c < 3; c++) rgb[(y * w + x) * 3 + c] = img.data[(sy * img.width + sx) * 4 + c];
}
fs.writeFileSync(outRaw, rgb);
const json = JSON.parse(fs.readFileSync(modelJson));
const dir = modelJson.substring(0, modelJson.lastIndexOf('/') + 1);
const weightData = Buffer.concat(json.weightsManifest.flatMap(g => g.paths.map(p => fs.readFileSync(dir + p))));
const model = await tf.loadGraphModel(tf.io.fromMemory({modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap(g => g.weights), weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength)}));

const mean = [103.53, 116.28, 123.675], std = [57.375, 57.12, 58.395];
const input = new Float32Array(3 * h * w);
for (let c = 0; c < 3; c++) for (let i = 0; i < h * w; i++) input[c * h * w + i] = (rgb[i * 3 + (2 - c)] - mean[c]) / std[c];
const out = model.execute(tf.tensor(input, [1, 3, h, w]), ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5']);
const result = { person: [], distances: [] };
const strides = [8, 16, 32];
for (let k = 0; k < 3; k++) {
  const s = out[k].arraySync()[0], d = out[k + 3].arraySync()[0];
  for (let i = 0; i < s.length; i++) {
    result.person.push(s[i][0]);
    const dist = [];
    for (let side = 0; side < 4; side++) {
      const logits = d[i].slice(side * 11, side * 11 + 11);
      const m = Math.max(...logits); const e = logits.map(v => Math.exp(v - m)); const z = e.reduce((a, b) => a + b);
      dist.push(e.reduce((a, v, j) => a + v * j, 0) / z * strides[k]);
    }
    result.distances.push(dist);
  }
}
fs.writeFileSync(outJson, JSON.stringify(result));
const best = result.person.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 5);
console.log('top person scores', best);
