// What every browser test file needs: the real server, the page open in chromium with a fake
// camera, and the test's own HTTP view of the server to check what the page claims.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, waitFor } from './browser.mjs';
import { clipsDir, y4mFrom } from './fixtures.mjs';
import { VigilServer } from './server.mjs';

// The committed real-person clips (src/test/resources/clips, see its README).
// VIGIL_*_CLIP override them (e.g. to try other footage during development).
export const clips = {
  standing: () => clipPath('VIGIL_STANDING_CLIP', 'standing.mp4'),
  fall: () => clipPath('VIGIL_FALL_CLIP', 'fall.mp4'),
};

function clipPath(variable, name) {
  const path = process.env[variable] ?? join(clipsDir, name);
  if (!existsSync(path)) throw new Error(`Missing fixture clip ${path}`);
  return path;
}

/**
 * Starts a server and a browser whose fake camera plays `camera` (a clip path), opens the page.
 * beforeGoto(page, server) runs before the page loads (e.g. to watch its WebSocket frames).
 * @returns {server, browser, page, userId, close()}
 */
export async function openPage({ name, camera, env = {}, cameraSize = {}, beforeGoto = async () => {} }) {
  const server = new VigilServer({ name, env });
  await server.start();
  let browser;
  try {
    browser = await launchBrowser({ camera: y4mFrom(camera, cameraSize) });
    const { page } = browser;
    await beforeGoto(page, server);
    await page.goto(server.url + '/');
    await waitFor('the alert socket to connect', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
    const userId = await page.evaluate(() => window.vigil.client.userId);
    return {
      server,
      browser,
      page,
      userId,
      async close() {
        await browser.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** The server's list of the user's streams (empty when it has none). */
export async function serverStreams(server, userId) {
  const { status, body } = await server.json(`/api/users/${encodeURIComponent(userId)}/streams`);
  if (status === 404) return [];
  if (status !== 200) throw new Error(`GET streams answered ${status}: ${JSON.stringify(body)}`);
  return body.streams;
}

export async function serverStats(server) {
  return (await server.json('/api/stats')).body;
}
