// The history view against the real alert store: real zone-intrusion alerts (the standing clip
// and a zone drawn around the woman), listed from the history API with their snapshots, counted
// per camera, marked reviewed, filtered; and an alert raised while no viewing page was open
// showing when the page opens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCamera, drawZone, launchBrowser, screenshot, waitFor } from './lib/browser.mjs';
import { y4mFrom } from './lib/fixtures.mjs';
import { clips, openPage } from './lib/suite.mjs';

const ALERT_DEADLINE_MS = 90_000;
// The lower middle of the frame, where the woman stands (as in alerts.test.mjs).
const AROUND_THE_WOMAN = [[0.25, 0.55], [0.7, 0.55], [0.7, 0.98], [0.25, 0.98]];

let ctx;
before(async () => {
  ctx = await openPage({ name: 'history', camera: clips.standing() });
});
after(async () => {
  await ctx?.close();
});

const alertsPath = () => `/api/users/${encodeURIComponent(ctx.userId)}/alerts`;

async function storedAlerts(query = '') {
  const { status, body } = await ctx.server.json(`${alertsPath()}?limit=500${query}`);
  assert.equal(status, 200);
  return body.alerts;
}

async function summary() {
  const { status, body } = await ctx.server.json(`${alertsPath()}/summary`);
  assert.equal(status, 200);
  return body;
}

/** Streams the standing clip as `camera` from `page` with a zone around the woman until the store has an alert of it; then closes the stream. */
async function raiseIntrusion(page, camera) {
  const tile = await addCamera(page, { camera });
  await drawZone(tile, 'doorway', AROUND_THE_WOMAN);
  const stored = await waitFor(`a stored zone intrusion of ${camera}`, async () => {
    const alerts = await storedAlerts(`&camera=${camera}`);
    return alerts.length > 0 && alerts;
  }, { timeoutMs: ALERT_DEADLINE_MS, intervalMs: 1000 });
  await tile.locator('.close').click();
  await waitFor(`the ${camera} stream to end`, async () => (await page.locator('.tile').count()) === 0);
  return stored;
}

const countOf = (page, camera) => page.locator(`#unreviewed-cameras .camera-count[data-camera="${camera}"] .count`);

test('the history lists stored alerts with camera and behaviour, counts them per camera and enlarges the snapshot', async () => {
  const { page } = ctx;
  await raiseIntrusion(page, 'porch');
  const stored = await storedAlerts();
  assert.ok(stored.every((a) => a.camera === 'porch' && a.behaviours.includes('zone_intrusion')), JSON.stringify(stored.map((a) => a.behaviours)));

  await page.click('#show-history');
  const items = page.locator('#history-list > li');
  await waitFor('the history to list every stored alert', async () => (await items.count()) === stored.length);
  const shown = await items.evaluateAll((lis) => lis.map((li) => ({
    id: Number(li.dataset.alertId),
    camera: li.querySelector('.camera').textContent,
    behaviours: [...li.querySelectorAll('.behaviour')].map((b) => b.dataset.behaviour),
    state: li.querySelector('.review-state').textContent,
  })));
  assert.deepEqual(shown.map((s) => s.id), stored.map((a) => a.alert_id), 'newest first, as stored');
  for (const item of shown) {
    assert.equal(item.camera, 'porch');
    assert.ok(item.behaviours.includes('zone_intrusion'));
    assert.equal(item.state, 'unreviewed');
  }

  // The unreviewed count per camera is the server's.
  const counted = (await summary()).cameras.find((c) => c.camera === 'porch').unreviewed;
  assert.equal(counted, stored.length);
  await waitFor('the porch count', async () => Number(await countOf(page, 'porch').textContent()) === counted);
  assert.equal(await page.textContent('#unreviewed-total'), String(counted));

  // Clicking a thumbnail opens the stored JPEG, decoded at the stream's frame size.
  await items.first().locator('img.thumb').click();
  const dialog = page.locator('#snapshot-dialog');
  await dialog.waitFor({ state: 'visible' });
  const size = await dialog.locator('img').evaluate(async (img) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  assert.deepEqual(size, [stored[0].frame_width, stored[0].frame_height]);
  assert.equal(await dialog.locator('img').getAttribute('src'), stored[0].snapshot_url);
  await screenshot(page, 'history-enlarged');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await screenshot(page, 'history');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('mark reviewed, one and all: the item state, the count and the store change', async () => {
  const { page } = ctx;
  const stored = await storedAlerts();
  const first = page.locator(`#history-list > li[data-alert-id="${stored[0].alert_id}"]`);
  await first.locator('.mark-reviewed').click();
  await waitFor('the item to show reviewed', async () => (await first.getAttribute('data-reviewed')) === 'true');
  assert.equal(await first.locator('.review-state').textContent(), 'reviewed');
  assert.equal((await ctx.server.json(`${alertsPath()}/${stored[0].alert_id}`)).body.reviewed, true);
  await waitFor('the porch count to drop by one', async () => Number(await countOf(page, 'porch').textContent()) === stored.length - 1);

  await page.click('#mark-all-reviewed');
  await waitFor('the porch count to reach 0', async () => (await countOf(page, 'porch').textContent()) === '0');
  assert.equal(await page.locator('#history-list > li[data-reviewed="false"]').count(), 0);
  assert.ok(await page.locator('#unreviewed-total').isHidden());
  assert.equal((await summary()).unreviewed, 0);
  assert.ok((await storedAlerts()).every((a) => a.reviewed), 'every stored alert is reviewed');
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('an alert raised while no page was open shows when the page opens, and the filters narrow the list', async () => {
  const lastSeen = Math.max(...(await storedAlerts()).map((a) => a.alert_id));
  // The viewing page goes away; another browser (own profile, same user) raises an alert meanwhile.
  await ctx.page.goto('about:blank');
  const producer = await launchBrowser({ camera: y4mFrom(clips.standing()) });
  try {
    await producer.page.addInitScript((userId) => localStorage.setItem('userId', userId), ctx.userId);
    await producer.page.goto(ctx.server.url + '/');
    await raiseIntrusion(producer.page, 'garage');
  } finally {
    await producer.close();
  }
  const garage = (await storedAlerts('&camera=garage'));
  assert.ok(garage.length > 0 && garage.every((a) => a.alert_id > lastSeen));

  // The page opens again: its history has the garage alerts, unreviewed, counted.
  const { page } = ctx;
  await page.goto(ctx.server.url + '/');
  await page.click('#show-history');
  const items = page.locator('#history-list > li');
  const all = await storedAlerts();
  await waitFor('the history to list the old and the new alerts', async () => (await items.count()) === all.length);
  assert.equal(await items.first().getAttribute('data-alert-id'), String(all[0].alert_id));
  assert.equal(await items.first().locator('.camera').textContent(), 'garage');
  await waitFor('the garage count', async () => Number(await countOf(page, 'garage').textContent()) === garage.length);
  // The live feed caught up too: the socket reconnected with ?since= and replayed them.
  await waitFor('the live feed to replay the garage alerts', async () => (await page.locator('#alerts > li').count()) === garage.length);
  // Replayed alerts that the list already holds are not offered as new.
  assert.ok(await page.locator('#history-new').isHidden());

  // Filters: camera, then state, each narrowing to what the store says.
  await page.fill('#history-filters input[name="camera"]', 'garage');
  await page.click('#history-apply');
  await waitFor('only garage alerts', async () => {
    const cameras = await items.locator('.camera').allTextContents();
    return cameras.length === garage.length && cameras.every((c) => c === 'garage');
  });
  await page.fill('#history-filters input[name="camera"]', '');
  await page.selectOption('#history-filters select[name="reviewed"]', 'true');
  const reviewed = await storedAlerts('&reviewed=true');
  assert.ok(reviewed.length > 0 && reviewed.length < all.length);
  await waitFor('only reviewed alerts', async () => {
    const ids = await items.evaluateAll((lis) => lis.map((li) => Number(li.dataset.alertId)));
    return JSON.stringify(ids) === JSON.stringify(reviewed.map((a) => a.alert_id));
  });
  assert.ok((await items.locator('.camera').allTextContents()).every((c) => c === 'porch'));
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('more alerts load on scroll through the cursor', async () => {
  const { page } = ctx;
  const all = await storedAlerts();
  assert.ok(all.length >= 2, `${all.length} alerts`);
  const pagesAsked = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === alertsPath()) pagesAsked.push(url.searchParams.get('cursor'));
  });
  // One item per page makes paging visible with the few alerts there are.
  await page.evaluate(() => {
    window.vigil.history.pageSize = 1;
  });
  await page.selectOption('#history-filters select[name="reviewed"]', '');
  const items = page.locator('#history-list > li');
  await waitFor('every alert, page by page', async () => {
    await page.locator('#history-more').scrollIntoViewIfNeeded();
    return (await items.count()) === all.length;
  });
  assert.deepEqual(await items.evaluateAll((lis) => lis.map((li) => Number(li.dataset.alertId))), all.map((a) => a.alert_id));
  assert.equal(await page.getAttribute('#history-more', 'data-state'), 'end');
  // The first page without a cursor, each later one with the cursor the previous page gave.
  assert.equal(pagesAsked.at(-all.length), null);
  assert.equal(pagesAsked.slice(-all.length + 1).filter(Boolean).length, all.length - 1);
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('the date filters narrow to the days asked for', async () => {
  const { page } = ctx;
  const all = await storedAlerts();
  const items = page.locator('#history-list > li');
  // Local calendar days (the browser's time zone is this process's), from the alerts' own times so
  // a run across midnight judges the same days.
  const day = (iso, offset) => {
    const d = new Date(iso);
    d.setDate(d.getDate() + offset);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const newest = all[0].created_at;
  const oldest = all.at(-1).created_at;
  await page.evaluate(() => {
    window.vigil.history.pageSize = 30;
  });
  await page.fill('#history-filters input[name="since"]', day(newest, 1));
  await page.click('#history-apply');
  await waitFor('nothing from the day after the newest on', async () => (await page.getAttribute('#history-more', 'data-state')) === 'empty' && (await items.count()) === 0);
  await page.fill('#history-filters input[name="since"]', day(oldest, 0));
  await page.fill('#history-filters input[name="until"]', day(newest, 0));
  await page.click('#history-apply');
  await waitFor('all from the oldest day to the newest', async () => (await items.count()) === all.length);
  await page.fill('#history-filters input[name="since"]', '');
  await page.fill('#history-filters input[name="until"]', day(oldest, -1));
  await page.click('#history-apply');
  await waitFor('nothing up to the day before the oldest', async () => (await page.getAttribute('#history-more', 'data-state')) === 'empty');
  await page.fill('#history-filters input[name="until"]', '');
  await page.click('#history-apply');
  await waitFor('all again', async () => (await items.count()) === all.length);
  assert.deepEqual(ctx.browser.errors.map(String), []);
});

test('a live alert while the history is open updates the unreviewed count of its camera', async () => {
  const { page } = ctx;
  assert.equal(await countOf(page, 'attic').count(), 0);
  const producer = await launchBrowser({ camera: y4mFrom(clips.standing()) });
  let attic;
  try {
    await producer.page.addInitScript((userId) => localStorage.setItem('userId', userId), ctx.userId);
    await producer.page.goto(ctx.server.url + '/');
    attic = await raiseIntrusion(producer.page, 'attic');
  } finally {
    await producer.close();
  }
  const counted = (await summary()).cameras.find((c) => c.camera === 'attic').unreviewed;
  assert.ok(counted >= attic.length);
  // No reload, no click: the live alert made the view ask for the counts again.
  await waitFor('the attic count', async () => Number(await countOf(page, 'attic').textContent()) === counted);
  assert.equal(await page.textContent('#unreviewed-total'), String((await summary()).unreviewed));
  // The list is not reordered under the reader: it offers the new alerts, and shows them on a click.
  const items = page.locator('#history-list > li');
  assert.equal(await items.locator('.camera', { hasText: 'attic' }).count(), 0);
  await page.locator('#history-new').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#history-new'), /^\d+ new alerts?: show$/);
  await screenshot(page, 'history-live-count');
  await page.click('#history-new');
  const all = await storedAlerts();
  await waitFor('the attic alerts first', async () => (await items.count()) === all.length
    && (await items.first().getAttribute('data-alert-id')) === String(all[0].alert_id));
  assert.equal(await items.first().locator('.camera').textContent(), 'attic');
  assert.ok(await page.locator('#history-new').isHidden());
  assert.deepEqual(ctx.browser.errors.map(String), []);
});
