// The page at its limits: eight streams at once, the ninth refused with the server's message,
// an invalid user id refused with the server's message, and a feed that stays capped under
// hundreds of alerts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, tileOf, waitFor } from './lib/browser.mjs';
import { clips, openPage, serverStreams } from './lib/suite.mjs';

let ctx;
before(async () => {
  // A small, slow fake camera keeps eight streams light on a two-core machine.
  ctx = await openPage({ name: 'limits', camera: clips.standing(), cameraSize: { width: 320, height: 180, fps: 8 } });
});
after(async () => {
  await ctx?.close();
});

/** Presses Start for `camera` and returns the /api/offer response the page got. */
async function startCamera(page, camera) {
  await page.fill('#camera-name', camera);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/offer'), { timeout: 30_000 });
  await page.click('#add-camera');
  return answered;
}

test('eight streams run; the ninth is refused with the server message', async () => {
  const { page, server, userId } = ctx;
  const config = (await server.json('/api/config')).body;
  const max = config.max_streams_per_user;
  assert.equal(max, 8);
  for (let i = 1; i <= max; i++) {
    const response = await startCamera(page, `cam${i}`);
    assert.equal(response.status(), 200, `cam${i}`);
    await waitFor(`cam${i} stream_id`, () => tileOf(page, `cam${i}`).getAttribute('data-stream-id'));
  }
  await waitFor('eight live streams on the server', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === max && streams.every((s) => s.state === 'live');
  }, { timeoutMs: 60_000 });
  await waitFor('eight live tiles', async () => (await page.locator('.tile[data-state="live"]').count()) === max);
  assert.equal(await page.textContent('#stream-count'), `${max} / ${max}`);

  const refused = await startCamera(page, 'one_too_many');
  assert.equal(refused.status(), 429);
  const { message } = await refused.json();
  assert.ok(message, 'the server explains the refusal');
  const tile = tileOf(page, 'one_too_many');
  await waitFor('the refused tile', async () => (await tile.getAttribute('data-state')) === 'failed');
  assert.equal(await tile.locator('.tile-error').textContent(), message);
  assert.match(await page.locator('#messages .message.error').first().textContent(), new RegExp(escape(message)));
  assert.equal((await serverStreams(server, userId)).length, max, 'the refusal changed nothing');
  await screenshot(page, 'limits-eight-streams');
  await tile.locator('.close').click();
});

test('hundreds of alerts keep the feed capped, newest first', async () => {
  const { page } = ctx;
  const streamId = await tileOf(page, 'cam3').getAttribute('data-stream-id');
  // Alerts as the server words them, fed to the page's own socket handler (the real pipeline's
  // alerts are in alerts.test.mjs; this is about volume).
  const elapsedMs = await page.evaluate(async ({ streamId, userId }) => {
    const frame = document.createElement('canvas');
    frame.width = 160;
    frame.height = 90;
    const g = frame.getContext('2d');
    g.fillStyle = '#345';
    g.fillRect(0, 0, 160, 90);
    const jpeg = frame.toDataURL('image/jpeg').split(',')[1];
    const started = performance.now();
    for (let i = 1; i <= 500; i++) {
      window.vigil.client.handleMessage(JSON.stringify({
        type: 'anomaly_detected', user_id: userId, stream_id: streamId,
        result: { person_id: i, frame_number: i * 3, score: -1 - i / 1000, is_abnormal: true, classification: 'Abnormal', confidence: 'Medium', bbox: { x: 1, y: 2, w: 30, h: 60 } },
        annotated_frame: jpeg, frame_format: 'jpeg', behaviours: ['loitering'], timestamp: Date.now(),
      }));
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - started;
  }, { streamId, userId: ctx.userId });
  console.log(`500 alerts rendered in ${elapsedMs.toFixed(0)} ms`);

  assert.equal(await page.locator('#alerts > li').count(), 200);
  assert.equal(await page.textContent('#alert-count'), '500 (latest 200 shown)');
  assert.equal(await page.locator('#alerts > li').first().locator('.person').textContent(), '500');
  assert.equal(await page.locator('#alerts > li').last().locator('.person').textContent(), '301');
  assert.equal(await page.locator('#alerts > li').first().locator('.camera').textContent(), 'cam3');
  assert.equal(await tileOf(page, 'cam3').locator('.alert-total').textContent(), '500');
  await screenshot(page, 'limits-eight-streams-many-alerts');
  await page.click('#clear-alerts');
  assert.equal(await page.locator('#alerts > li').count(), 0);
});

test('an invalid user id is refused with the server message', async () => {
  const { page, server, userId } = ctx;
  await page.click('#close-all');
  await waitFor('no streams', async () => (await serverStreams(server, userId)).length === 0);

  await page.fill('#user-id', 'not a valid id!');
  await page.click('#switch-user');
  await waitFor('the socket to be refused', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'reconnecting');
  const refused = await startCamera(page, 'door');
  assert.equal(refused.status(), 400);
  const { error, message } = await refused.json();
  assert.ok(error && message);
  await waitFor('the error shown', async () => (await page.locator('#messages .message.error').count()) > 0);
  const shown = await page.locator('#messages .message.error').first().textContent();
  assert.match(shown, new RegExp(escape(message)));
  assert.match(shown, new RegExp(`400 ${escape(error)}`));
  await screenshot(page, 'limits-invalid-user');

  // Back to a valid id: the socket connects again.
  await page.fill('#user-id', userId);
  await page.click('#switch-user');
  await waitFor('connected again', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
