// The alert socket survives a server restart: it reconnects with backoff on its own, and the
// page's listeners receive messages on the new socket.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCamera, screenshot, tileOf, waitFor } from './lib/browser.mjs';
import { clips, openPage, serverStats, serverStreams } from './lib/suite.mjs';

let ctx;
before(async () => {
  ctx = await openPage({ name: 'reconnect', camera: clips.standing() });
});
after(async () => {
  await ctx?.close();
});

test('the socket reconnects after the server restarts', async () => {
  const { page, server, userId } = ctx;
  const tile = await addCamera(page, { camera: 'porch' });
  await waitFor('porch live', async () => (await tile.getAttribute('data-state')) === 'live');

  await server.stop();
  await waitFor('the page to notice the server is gone', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'reconnecting');
  assert.match(await page.textContent('#socket-state'), /^Alerts: reconnecting/);
  await screenshot(page, 'reconnect-server-down');

  await server.start(); // same port
  await waitFor('the socket to come back', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected', { timeoutMs: 45_000 });
  await waitFor('the server to count the page socket', async () => (await serverStats(server)).websockets === 1);

  // The server shut down gracefully (SIGTERM): it told the page the stream ended before it went,
  // so the tile is closed with that reason instead of showing a stale "live".
  await waitFor('the porch tile to show it is gone', async () => (await tile.getAttribute('data-state')) === 'closed');
  assert.equal(await tile.locator('.tile-error').textContent(), 'Closed by the server: server_shutdown');

  // A new stream works, and a message for it arrives on the new socket: the server ends the
  // stream (DELETE from outside the page) and the page's stream_closed listener shows it.
  const next = await addCamera(page, { camera: 'porch_again' });
  const streamId = await next.getAttribute('data-stream-id');
  await waitFor('porch_again live', async () => (await serverStreams(server, userId)).some((s) => s.stream_id === streamId && s.state === 'live'));
  const response = await fetch(`${server.url}/api/users/${encodeURIComponent(userId)}/streams/${streamId}`, { method: 'DELETE' });
  assert.equal(response.status < 300, true, `DELETE answered ${response.status}`);
  // Only the socket's stream_closed message writes "Closed by the server" (polling writes another text).
  await waitFor('stream_closed to reach the page', async () => /^Closed by the server/.test(await next.locator('.tile-error').textContent()));
  assert.equal(await tileOf(page, 'porch_again').getAttribute('data-state'), 'closed');
  assert.equal(await page.evaluate((id) => window.vigil.client.streams.has(id), streamId), false);
  await screenshot(page, 'reconnect-after');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});
