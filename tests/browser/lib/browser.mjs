// Debian's chromium driven by playwright-core (never a downloaded browser), with a fake camera
// that plays a .y4m clip, loopback WebRTC allowed, and a fresh profile per launch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { outputDir } from './paths.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * @param camera path of the .y4m the fake camera plays
 * @returns {context, page, errors, close()} errors collects uncaught page errors
 */
export async function launchBrowser({ camera }) {
  const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  const console = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  return {
    context,
    page,
    errors,
    console,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a truthy value (returned) or the deadline passes (throws `what`). */
export async function waitFor(what, probe, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(outputDir, `${name}.png`), fullPage: false });
}

/** The tile of the camera named `camera` (exact name). */
export function tileOf(page, camera) {
  return page.locator('.tile').filter({ has: page.locator('.camera-name', { hasText: new RegExp(`^${escape(camera)}$`) }) });
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fills the camera form and presses Start; resolves with the tile's stream_id once it has one. */
export async function addCamera(page, { camera, location = '' }) {
  await page.fill('#camera-name', camera);
  await page.fill('#camera-location', location);
  await page.click('#add-camera');
  const tile = tileOf(page, camera);
  await waitFor(`a stream_id on tile ${camera}`, async () => (await tile.getAttribute('data-stream-id')) || (await tile.getAttribute('data-state')) === 'failed');
  return tile;
}
