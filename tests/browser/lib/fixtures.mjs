// Test media made at test time from the committed real-person clips (never committed itself):
// a .y4m for Chromium's fake camera and a .webm for the file-upload stream.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { outputDir, repoDir } from './paths.mjs';

export const clipsDir = join(repoDir, 'src', 'test', 'resources', 'clips');
const fixturesDir = join(outputDir, 'fixtures');

function decodeChain(source) {
  return /\.(jpe?g|png)$/i.test(source)
    ? ['filesrc', `location=${source}`, '!', 'decodebin', '!', 'imagefreeze', 'num-buffers=150', '!']
    : ['filesrc', `location=${source}`, '!', 'decodebin', '!'];
}

function convert(source, target, encoderChain, { width, height, fps }) {
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return target;
  mkdirSync(fixturesDir, { recursive: true });
  // Written aside and renamed when complete: a half-written clip must never pass for a fixture.
  const partial = `${target}.${process.pid}.part`;
  try {
    execFileSync('gst-launch-1.0', [
      '-q', ...decodeChain(source),
      // Through NV12 and back: a decoder's I420 can carry row padding that y4menc would copy
      // into the file; converting makes tightly packed frames whatever the source.
      'videoconvert', '!', 'video/x-raw,format=NV12', '!', 'videoconvert', '!',
      'videoscale', 'add-borders=true', '!', 'videorate', '!',
      `video/x-raw,format=I420,width=${width},height=${height},pixel-aspect-ratio=1/1,framerate=${fps}/1`, '!',
      ...encoderChain, '!', 'filesink', `location=${partial}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return target;
}

/** Throws unless `path` is a y4m of whole frames (Chromium's reader would play garbage after a torn one). */
function checkY4m(path, width, height) {
  const start = Buffer.alloc(200);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, start, 0, start.length, 0);
  } finally {
    closeSync(fd);
  }
  const header = start.toString('latin1').split('\n')[0];
  const frameBytes = 'FRAME\n'.length + (width * height * 3) / 2;
  const frames = (statSync(path).size - header.length - 1) / frameBytes;
  if (!Number.isInteger(frames) || frames < 1) throw new Error(`${path} is not whole ${width}x${height} frames (${frames})`);
}

/** A .y4m (I420) for --use-file-for-fake-video-capture; Chromium loops it. */
export function y4mFrom(source, { width = 640, height = 480, fps = 15 } = {}) {
  const target = join(fixturesDir, `${basename(source).replace(/\.[^.]+$/, '')}-${width}x${height}@${fps}.y4m`);
  convert(source, target, ['y4menc'], { width, height, fps });
  try {
    checkY4m(target, width, height);
  } catch {
    rmSync(target, { force: true }); // left by an older version of this file: make it again
    convert(source, target, ['y4menc'], { width, height, fps });
    checkY4m(target, width, height);
  }
  return target;
}

/** A VP8 .webm that Chromium plays in a <video> (the file-upload stream). */
export function webmFrom(source, { width = 640, height = 480, fps = 15 } = {}) {
  const target = join(fixturesDir, `${basename(source).replace(/\.[^.]+$/, '')}-${width}x${height}@${fps}.webm`);
  return convert(source, target, ['vp8enc', 'deadline=1', 'cpu-used=8', 'target-bitrate=800000', '!', 'webmmux'], { width, height, fps });
}
