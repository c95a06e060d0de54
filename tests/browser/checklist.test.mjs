// The seed's testing checklist, walked through the page with two fake cameras:
// socket connected; first camera -> stream_id; second camera -> a different stream_id;
// close one, the other stays live; close all; socket cleanup.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCamera, screenshot, tileOf, waitFor } from './lib/browser.mjs';
import { clips, openPage, serverStats, serverStreams } from './lib/suite.mjs';

let ctx;
before(async () => {
  ctx = await openPage({ name: 'checklist', camera: clips.standing() });
});
after(async () => {
  await ctx?.close();
});

const streamIds = {};

test('connects the alert socket with the user id kept in localStorage', async () => {
  const { page, server, userId } = ctx;
  assert.match(userId, /^user_[0-9a-f-]{36}$/);
  assert.equal(await page.evaluate(() => localStorage.getItem('userId')), userId);
  assert.equal(await page.textContent('#socket-state'), 'Alerts: connected');
  const stats = await serverStats(server);
  assert.equal(stats.websockets, 1, 'the server counts the page socket');

  await page.reload();
  await waitFor('the socket after reload', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
  assert.equal(await page.evaluate(() => window.vigil.client.userId), userId, 'the same user after a reload');
  assert.equal(await page.inputValue('#user-id'), userId);
});

test('the first camera gets a stream_id and goes live', async () => {
  const { page, server, userId } = ctx;
  const tile = await addCamera(page, { camera: 'front_door', location: 'entrance' });
  const streamId = await tile.getAttribute('data-stream-id');
  assert.match(streamId, /^[0-9a-f-]{36}$/, `stream_id from the answer (${streamId})`);
  assert.equal(await tile.locator('.stream-id').textContent(), streamId);
  streamIds.front = streamId;

  const [entry] = await waitFor('the server to list the stream as live', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 1 && streams[0].state === 'live' && streams[0].frames_decoded > 0 ? streams : null;
  }, { timeoutMs: 30_000 });
  assert.equal(entry.stream_id, streamId);
  assert.equal(entry.stream_metadata.camera, 'front_door');
  assert.equal(entry.stream_metadata.location, 'entrance');
  await waitFor('the tile to show live', async () => (await tile.getAttribute('data-state')) === 'live');
  assert.equal(await tile.locator('.location').textContent(), 'entrance');
});

test('a second camera gets a different stream_id; both are live', async () => {
  const { page, server, userId } = ctx;
  const tile = await addCamera(page, { camera: 'back_door', location: 'rear' });
  const streamId = await tile.getAttribute('data-stream-id');
  assert.match(streamId, /^[0-9a-f-]{36}$/);
  assert.notEqual(streamId, streamIds.front);
  streamIds.back = streamId;

  await waitFor('both streams live on the server', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 2 && streams.every((s) => s.state === 'live' && s.frames_decoded > 0);
  });
  await waitFor('both tiles live', async () => (await page.locator('.tile[data-state="live"]').count()) === 2);
  // The tile shows the server's analysis rate once it has one.
  await waitFor('an analysis fps on the tile', async () => /^\d+\.\d$/.test(await tile.locator('.analysis-fps').textContent()));
  assert.equal(await page.textContent('#stream-count'), '2 / 8');
  await screenshot(page, 'checklist-two-cameras');
});

test('closing one stream leaves the other live', async () => {
  const { page, server, userId } = ctx;
  await tileOf(page, 'front_door').locator('.close').click();
  await waitFor('the front_door tile to go', async () => (await tileOf(page, 'front_door').count()) === 0);
  const streams = await waitFor('the server to drop front_door', async () => {
    const list = await serverStreams(server, userId);
    return list.length === 1 ? list : null;
  });
  assert.equal(streams[0].stream_id, streamIds.back);

  // Still live: its decoded frame count keeps rising after the other was closed.
  const before = streams[0].frames_decoded;
  await waitFor('back_door to keep decoding', async () => {
    const [back] = await serverStreams(server, userId);
    return back?.state === 'live' && back.frames_decoded > before + 10;
  });
  assert.equal(await tileOf(page, 'back_door').getAttribute('data-state'), 'live');
  const pcState = await page.evaluate((id) => window.vigil.client.streams.get(id)?.pc.connectionState, streamIds.back);
  assert.equal(pcState, 'connected');
  assert.equal(await page.evaluate((id) => window.vigil.client.streams.has(id), streamIds.front), false);
});

test('close all ends every stream', async () => {
  const { page, server, userId } = ctx;
  await addCamera(page, { camera: 'garage' });
  await waitFor('two streams again', async () => (await serverStreams(server, userId)).length === 2);
  await page.click('#close-all');
  await waitFor('no tiles', async () => (await page.locator('.tile').count()) === 0);
  await waitFor('no streams on the server', async () => (await serverStreams(server, userId)).length === 0);
  assert.equal(await page.evaluate(() => window.vigil.client.streams.size), 0);
  const stats = await serverStats(server);
  assert.equal(stats.streams, 0);
  assert.equal(await page.getAttribute('#socket-state', 'data-state'), 'connected', 'the page keeps listening');
  await screenshot(page, 'checklist-closed-all');
});

test('disconnect() closes the socket and the server lets go of it', async () => {
  const { page, server } = ctx;
  await page.evaluate(() => window.vigil.client.disconnect());
  assert.equal(await page.getAttribute('#socket-state', 'data-state'), 'disconnected');
  await waitFor('the server to count no sockets', async () => (await serverStats(server)).websockets === 0);
  // And it stays closed: no reconnect after an intended disconnect.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await page.evaluate(() => window.vigil.client.websocket), null);
  assert.equal((await serverStats(server)).websockets, 0);
  assert.deepEqual(ctx.browser.errors.map(String), [], 'no uncaught errors on the page');
});
