// Test media made at test time from the committed real-person clips (never committed itself):
// a .y4m for Chromium's fake camera and a .webm for the file-upload stream.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { outputDir, repoDir } from './paths.mjs';

export const clipsDir = join(repoDir, 'src', 'test', 'resources', 'clips');
const fixturesDir = join(outputDir, 'fixtures');

export function clip(name) {
  const path = join(clipsDir, name);
  if (!existsSync(path)) throw new Error(`Missing fixture clip ${path}`);
  return path;
}

function decodeChain(source) {
  return /\.(jpe?g|png)$/i.test(source)
    ? ['filesrc', `location=${source}`, '!', 'decodebin', '!', 'imagefreeze', 'num-buffers=150', '!']
    : ['filesrc', `location=${source}`, '!', 'decodebin', '!'];
}

function convert(source, target, encoderChain, { width, height, fps }) {
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs && statSync(target).size > 0) return target;
  mkdirSync(fixturesDir, { recursive: true });
  execFileSync('gst-launch-1.0', [
    '-q', ...decodeChain(source),
    'videoconvert', '!', 'videoscale', 'add-borders=true', '!', 'videorate', '!',
    `video/x-raw,format=I420,width=${width},height=${height},pixel-aspect-ratio=1/1,framerate=${fps}/1`, '!',
    ...encoderChain, '!', 'filesink', `location=${target}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  return target;
}

/** A .y4m (I420) for --use-file-for-fake-video-capture; Chromium loops it. */
export function y4mFrom(source, { width = 640, height = 360, fps = 15 } = {}) {
  const target = join(fixturesDir, `${basename(source).replace(/\.[^.]+$/, '')}-${width}x${height}@${fps}.y4m`);
  return convert(source, target, ['y4menc'], { width, height, fps });
}

/** A VP8 .webm that Chromium plays in a <video> (the file-upload stream). */
export function webmFrom(source, { width = 640, height = 360, fps = 15 } = {}) {
  const target = join(fixturesDir, `${basename(source).replace(/\.[^.]+$/, '')}-${width}x${height}@${fps}.webm`);
  return convert(source, target, ['vp8enc', 'deadline=1', 'cpu-used=8', 'target-bitrate=800000', '!', 'webmmux'], { width, height, fps });
}
