// Web Push in the page, as far as chromium without internet goes: the service worker the server
// serves registers; its push handler turns an alert summary (the server's push payload) into a
// notification naming the camera and the behaviour; the notification's link opens the page at
// that alert. Subscribing needs a browser push service (Google's, for chromium), which is not
// reachable here: the button must then say so instead of failing silently.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, screenshot, waitFor } from './lib/browser.mjs';
import { VigilServer } from './lib/server.mjs';

let server;
let browser;
before(async () => {
  server = new VigilServer({
    name: 'push',
    env: { VIGIL_ANALYSIS_ENABLED: 'false', VIGIL_STORE_PATH: mkdtempSync(join(tmpdir(), 'vigil-push-data-')) },
  });
  await server.start();
  browser = await launchBrowser({ camera: '/dev/null' });
  await browser.context.grantPermissions(['notifications'], { origin: server.url });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const SUMMARY = {
  type: 'anomaly_detected', alert_id: 42, user_id: 'family', stream_id: 's-1', camera: 'front_door',
  behaviours: ['fall', 'lying'], person_id: 3, confidence: 'High', time: Date.now(),
  snapshot_url: '/api/users/family/alerts/42/snapshot',
};

test('the service worker registers and shows a pushed alert as a notification', async () => {
  const { page, context } = browser;
  await page.goto(server.url + '/');
  const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL);
  assert.equal(scriptUrl, `${server.url}/sw.js`);
  const worker = await waitFor('the service worker in the context', () => context.serviceWorkers().find((w) => w.url().endsWith('/sw.js')));

  const shown = await worker.evaluate(async (summary) => {
    await self.vigil.handlePush({ json: () => summary });
    const notifications = await self.registration.getNotifications({ tag: `vigil-${summary.alert_id}` });
    return notifications.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
  }, SUMMARY);
  assert.equal(shown.length, 1);
  assert.equal(shown[0].title, 'Fall, lying at front_door');
  assert.match(shown[0].body, /^Person 3 \(High confidence\) at /);
  const url = new URL(shown[0].url, server.url);
  assert.equal(url.searchParams.get('alert'), '42');
  assert.equal(url.searchParams.get('user'), 'family');
  assert.equal(url.searchParams.get('snapshot'), SUMMARY.snapshot_url);
  assert.equal(url.hash, '#alert-42');

  // A payload that is not JSON still gives a notification rather than nothing.
  const fallback = await worker.evaluate(async () => (await self.vigil.handlePush({ json: () => { throw new Error('x'); } })).title);
  assert.equal(fallback, 'Anomaly at a camera');
});

test('the notification link opens the page at that alert, for that user', async () => {
  const { page } = browser;
  const [title, options] = await browser.context.serviceWorkers()[0].evaluate((summary) => self.vigil.notificationFor(summary), SUMMARY);
  assert.equal(title, 'Fall, lying at front_door');
  await page.goto(server.url + options.data.url);
  const card = page.locator('#opened-alert');
  await card.waitFor({ state: 'visible' });
  assert.equal(await card.getAttribute('data-alert-id'), '42');
  assert.equal(await card.locator('.snapshot').getAttribute('src'), SUMMARY.snapshot_url);
  assert.equal(await page.evaluate(() => window.vigil.client.userId), 'family');
  await screenshot(page, 'push-opened-alert');
});

test('"Notify me on this device" is offered and reports what happened', async () => {
  const { page } = browser;
  await page.goto(server.url + '/');
  const button = page.locator('#notify-device');
  await button.waitFor({ state: 'visible' });
  await button.click();
  // No push service is reachable from here: subscribing fails, and the page says so.
  const message = await waitFor('a message about the subscription', async () => {
    const texts = await page.locator('#messages .text').allTextContents();
    return texts.find((t) => /notifications/.test(t));
  }, { timeoutMs: 60_000 });
  assert.match(message, /(Could not subscribe this device to notifications|now gets)/);
});
