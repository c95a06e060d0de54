// A video file streamed through captureStream, and restricted zones drawn on a tile: sent in the
// offer's stream_metadata when drawn before starting, and with PUT .../metadata on a live stream.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, tileOf, waitFor } from './lib/browser.mjs';
import { webmFrom } from './lib/fixtures.mjs';
import { clips, openPage, serverStreams } from './lib/suite.mjs';

let ctx;
before(async () => {
  ctx = await openPage({ name: 'sources', camera: clips.standing() });
});
after(async () => {
  await ctx?.close();
});

test('a video file plays into a live stream', async () => {
  const { page, server, userId } = ctx;
  const file = webmFrom(clips.standing());
  await page.setInputFiles('#video-file', file);
  await page.fill('#file-camera-name', 'lobby_recording');
  await page.click('#add-file');
  const tile = tileOf(page, 'lobby_recording');
  const streamId = await waitFor('a stream_id for the file', () => tile.getAttribute('data-stream-id'));

  const entry = await waitFor('the file stream decoding on the server', async () => {
    const found = (await serverStreams(server, userId)).find((s) => s.stream_id === streamId);
    return found?.state === 'live' && found.frames_decoded > 15 ? found : null;
  });
  assert.equal(entry.stream_metadata.camera, 'lobby_recording');
  assert.match(entry.stream_metadata.filename, /\.webm$/);
  // The browser may send it scaled down, never reshaped.
  assert.ok(entry.width > 0 && Math.abs(entry.width / entry.height - 640 / 360) < 0.02, `${entry.width}x${entry.height}`);
  // The tile previews the playing file itself.
  assert.equal(await tile.locator('video').evaluate((v) => !v.paused && v.currentSrc.startsWith('blob:')), true);
  await waitFor('the tile to show live', async () => (await tile.getAttribute('data-state')) === 'live');
  await screenshot(page, 'sources-file-stream');

  await tile.locator('.close').click();
  await waitFor('the file stream to end on the server', async () => !(await serverStreams(server, userId)).some((s) => s.stream_id === streamId));
});

/** Clicks the corners (fractions of the preview) of a zone on the tile and saves it. */
async function drawZone(tile, name, corners) {
  await tile.locator('video').evaluate((v) => new Promise((resolve) => (v.videoWidth ? resolve() : v.addEventListener('loadedmetadata', resolve))));
  await tile.locator('.draw-zone').click();
  const canvas = tile.locator('.zone-layer');
  const box = await canvas.boundingBox();
  for (const [x, y] of corners) await canvas.click({ position: { x: x * box.width, y: y * box.height } });
  await tile.locator('.zone-name').fill(name);
  await tile.locator('.zone-save').click();
}

function assertPolygonNear(actual, expected) {
  assert.equal(actual.length, expected.length);
  actual.forEach(([x, y], i) => {
    assert.ok(Math.abs(x - expected[i][0]) < 0.01 && Math.abs(y - expected[i][1]) < 0.01,
      `corner ${i}: ${[x, y]} is not near ${expected[i]}`);
  });
}

const vaultCorners = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.7], [0.1, 0.7]];
const doorCorners = [[0.6, 0.2], [0.9, 0.2], [0.75, 0.8]];

test('a zone drawn on the preview goes out in the offer', async () => {
  const { page, server, userId } = ctx;
  await page.fill('#camera-name', 'vault');
  await page.click('#preview-camera');
  const tile = tileOf(page, 'vault');
  assert.equal(await tile.getAttribute('data-state'), 'preview');
  await drawZone(tile, 'vault floor', vaultCorners);
  await tile.locator('.start').click();
  const streamId = await waitFor('a stream_id for vault', () => tile.getAttribute('data-stream-id'));

  const entry = (await serverStreams(server, userId)).find((s) => s.stream_id === streamId);
  assert.equal(entry.stream_metadata.zones.length, 1);
  const [zone] = entry.stream_metadata.zones;
  assert.equal(zone.name, 'vault floor');
  assert.equal(zone.kind, 'restricted');
  assertPolygonNear(zone.polygon, vaultCorners);
});

test('a zone drawn on a live stream is sent with PUT and remembered for the camera', async () => {
  const { page, server, userId } = ctx;
  const tile = tileOf(page, 'vault');
  const streamId = await tile.getAttribute('data-stream-id');
  await waitFor('vault live', async () => (await tile.getAttribute('data-state')) === 'live');
  await drawZone(tile, 'side door', doorCorners);

  const zones = await waitFor('two zones on the server', async () => {
    const entry = (await serverStreams(server, userId)).find((s) => s.stream_id === streamId);
    return entry?.stream_metadata.zones?.length === 2 ? entry.stream_metadata.zones : null;
  });
  assert.deepEqual(zones.map((z) => z.name), ['vault floor', 'side door']);
  assertPolygonNear(zones[1].polygon, doorCorners);
  await screenshot(page, 'sources-zones');

  // Adding the same camera again starts it with its remembered zones.
  await tile.locator('.close').click();
  await waitFor('vault closed', async () => (await tileOf(page, 'vault').count()) === 0);
  await page.fill('#camera-name', 'vault');
  await page.click('#add-camera');
  const again = await waitFor('vault streaming again', () => tileOf(page, 'vault').getAttribute('data-stream-id'));
  const entry = (await serverStreams(server, userId)).find((s) => s.stream_id === again);
  assert.deepEqual(entry.stream_metadata.zones.map((z) => z.name), ['vault floor', 'side door']);

  // Clearing them sends an empty set.
  await tileOf(page, 'vault').locator('.clear-zones').click();
  await waitFor('no zones on the server', async () => {
    const current = (await serverStreams(server, userId)).find((s) => s.stream_id === again);
    return current && !(current.stream_metadata.zones?.length > 0);
  });
  assert.deepEqual(ctx.browser.errors.map(String), []);
});
