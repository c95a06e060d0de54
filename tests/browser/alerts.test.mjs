// The full pipeline through the page: a camera playing the real fall clip and a file stream of a
// person standing. The fall must reach the feed with its annotated frame under the right camera,
// and every alert shown must carry what the server sent on the socket.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawZone, screenshot, tileOf, waitFor } from './lib/browser.mjs';
import { webmFrom } from './lib/fixtures.mjs';
import { clips, openPage, serverStreams } from './lib/suite.mjs';

const ALERT_DEADLINE_MS = 150_000; // the fall clip loops; the first fall comes within one loop

let ctx;
const socketAlerts = []; // anomaly_detected messages as they crossed the wire (seen by the test, not the page)
before(async () => {
  ctx = await openPage({
    name: 'alerts',
    camera: clips.fall(),
    beforeGoto: async (page, server) => {
      // Granting replaces the origin's permissions (CDP rejects the ones not named): keep the camera.
      await page.context().grantPermissions(['camera', 'notifications'], { origin: server.url });
      page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
        try {
          const message = JSON.parse(payload);
          if (message.type === 'anomaly_detected') socketAlerts.push(message);
        } catch {
          // not JSON
        }
      }));
    },
  });
});
after(async () => {
  await ctx?.close();
});

test('a fall on one camera shows in the feed under that camera, with its annotated frame', async () => {
  const { page, server, userId } = ctx;
  // The standing person as a file stream: a second, calm source on the same socket.
  await page.setInputFiles('#video-file', webmFrom(clips.standing()));
  await page.fill('#file-camera-name', 'kitchen');
  await page.click('#add-file');
  const kitchenId = await waitFor('kitchen stream_id', () => tileOf(page, 'kitchen').getAttribute('data-stream-id'));

  await page.fill('#camera-name', 'hallway');
  await page.fill('#camera-location', 'ground floor');
  await page.click('#add-camera');
  const hallwayId = await waitFor('hallway stream_id', () => tileOf(page, 'hallway').getAttribute('data-stream-id'));
  let states;
  await waitFor('both live', async () => {
    states = (await serverStreams(server, userId)).map((s) => `${s.stream_metadata.camera}:${s.state}:${s.frames_decoded}`);
    return states.length === 2 && states.every((s) => s.includes(':live:'));
  }, { timeoutMs: 60_000 }).catch((error) => {
    throw new Error(`${error.message}; streams ${states}`);
  });

  const firstFall = page.locator(`#alerts > li[data-stream-id="${hallwayId}"]`).filter({ has: page.locator('.behaviour', { hasText: /fall/i }) }).first();
  await firstFall.waitFor({ timeout: ALERT_DEADLINE_MS });

  // Every alert in the feed names the camera of its own stream.
  const items = await page.locator('#alerts > li').evaluateAll((lis) => lis.map((li) => ({
    streamId: li.dataset.streamId,
    camera: li.querySelector('.camera').textContent,
    person: li.querySelector('.person').textContent,
    score: li.querySelector('.score').textContent,
    confidence: li.querySelector('.confidence').textContent,
    behaviours: [...li.querySelectorAll('.behaviour')].map((b) => b.textContent.toLowerCase()),
    image: li.querySelector('img.annotated')?.src ?? '',
  })));
  assert.ok(items.length > 0);
  const cameraOf = { [hallwayId]: 'hallway', [kitchenId]: 'kitchen' };
  for (const item of items) assert.equal(item.camera, cameraOf[item.streamId], `alert of ${item.streamId}`);

  // The fall alert shows what the server sent for it, image included.
  const fall = items.find((i) => i.streamId === hallwayId && i.behaviours.some((b) => b.includes('fall')));
  const sent = socketAlerts.find((m) => m.stream_id === hallwayId && m.annotated_frame === fall.image.split(',')[1]);
  assert.ok(sent, 'the feed image is the annotated_frame the server sent');
  assert.equal(sent.frame_format, 'jpeg');
  assert.equal(fall.image.slice(0, 23), 'data:image/jpeg;base64,');
  assert.equal(fall.person, String(sent.result.person_id));
  assert.equal(fall.score, sent.result.score.toFixed(2));
  assert.ok(sent.result.score < 0 && sent.result.is_abnormal);
  assert.equal(fall.confidence, sent.result.confidence);
  assert.match(fall.confidence, /^(High|Medium|Low)$/);
  assert.equal(sent.camera, 'hallway');

  // The image is a real JPEG the browser decodes, at the stream's frame size.
  const size = await firstFall.locator('img.annotated').evaluate(async (img) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  assert.deepEqual(size, [sent.frame_width, sent.frame_height]);

  assert.ok(Number(await tileOf(page, 'hallway').locator('.alert-total').textContent()) > 0);
  assert.ok(await page.evaluate(() => window.vigil.lastSoundAt > 0), 'the alert sound was started');
  assert.equal(await page.evaluate(() => Notification.permission), 'granted');
  assert.ok(await page.evaluate((id) => window.vigil.lastNotificationAt.has(id), hallwayId), 'a notification for the hallway');
  // The stats panel shows the server's count of alerts sent.
  await waitFor('the stats panel to count the alert', async () => Number(await page.textContent('[data-stat="alerts sent"]')) >= 1);
  await firstFall.scrollIntoViewIfNeeded();
  await screenshot(page, 'alerts-fall');
  await firstFall.locator('img.annotated').click();
  await screenshot(page, 'alerts-fall-enlarged');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('a restricted zone drawn around the standing person raises a zone intrusion on that camera', async () => {
  const { page } = ctx;
  const kitchen = tileOf(page, 'kitchen');
  const kitchenId = await kitchen.getAttribute('data-stream-id');
  const fromKitchen = page.locator(`#alerts > li[data-stream-id="${kitchenId}"]`);
  assert.equal(await fromKitchen.count(), 0, 'the standing person alone raises nothing');

  // The lower middle of the frame, where the woman stands (her feet at about x 0.45, y 0.85).
  await drawZone(kitchen, 'pantry', [[0.25, 0.55], [0.7, 0.55], [0.7, 0.98], [0.25, 0.98]]);
  const intrusion = fromKitchen.filter({ has: page.locator('.behaviour', { hasText: /zone intrusion/i }) }).first();
  await intrusion.waitFor({ timeout: 60_000 });
  assert.equal(await intrusion.locator('.camera').textContent(), 'kitchen');
  const sent = socketAlerts.find((m) => m.stream_id === kitchenId && m.behaviours?.includes('zone_intrusion'));
  assert.ok(sent, 'the server sent the zone intrusion');
  assert.ok(sent.result.is_abnormal);
  await intrusion.scrollIntoViewIfNeeded();
  await screenshot(page, 'alerts-zone-intrusion');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('the page remembers the last alert_id it saw and reconnects with ?since= so nothing is missed', async () => {
  const { page } = ctx;
  const ids = socketAlerts.map((a) => a.alert_id);
  assert.ok(ids.length > 0 && ids.every(Number.isInteger), `alerts carry alert_id: ${ids}`);
  const key = await page.evaluate(() => `vigil.lastAlertId.${window.vigil.client.userId}`);
  await waitFor('the page to remember the newest alert_id', async () =>
    Number(await page.evaluate((k) => localStorage.getItem(k), key)) === Math.max(...socketAlerts.map((a) => a.alert_id)));
  const remembered = Number(await page.evaluate((k) => localStorage.getItem(k), key));
  const urls = [];
  page.on('websocket', (socket) => urls.push(socket.url()));
  await page.reload();
  await waitFor('the reloaded page to open its socket', async () => urls.length > 0);
  const since = Number(new URL(urls[0]).searchParams.get('since'));
  assert.ok(since >= remembered, `reconnected with since=${since}, remembered ${remembered}`);
  // The alert the page saw is in the history the server keeps.
  const stored = await ctx.server.json(`/api/users/${encodeURIComponent(ctx.userId)}/alerts/${remembered}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.body.alert_id, remembered);
  assert.deepEqual(ctx.browser.errors.map(String), []);
});
