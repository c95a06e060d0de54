// The frontend guide's testing checklist with its own AnomalyDetectionClient class
// (fixtures/seed-client.js, as printed but for its STUN server) in auth mode local: the page
// signs in through its login form, then the guide's class, loaded into that same page, walks the
// checklist against the server's own origin. It sends no credentials of its own: its fetch
// calls (default credentials "same-origin") and its WebSocket carry the session cookie the login
// set, so it works unchanged. The alert is a real one from the fall clip. Last, the admin deletes
// the user while the class holds a stream and a socket: both end and the session is gone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, waitFor } from './lib/browser.mjs';
import { y4mFrom } from './lib/fixtures.mjs';
import { browserTestsDir, outputDir } from './lib/paths.mjs';
import { VigilServer } from './lib/server.mjs';
import { addFallClipStream, addStillStream, awaitFallClipAlert, closeOneStream, disconnectAll } from './lib/seed-checklist.mjs';
import { clips, serverStats, serverStreams } from './lib/suite.mjs';

const ADMIN_PASSWORD = 'seed-local-admin-pw';
const USER = 'dana';
const PASSWORD = 'dana-password';
const seedClient = readFileSync(join(browserTestsDir, 'fixtures', 'seed-client.js'), 'utf8');

let server;
let browser;
let page;
const ids = {};

async function api(method, path, { token, body } = {}) {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

before(async () => {
  server = new VigilServer({ name: 'seed-local', env: { VIGIL_AUTH_MODE: 'local', VIGIL_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  await server.start();
  // The test's own view of the server (serverStreams, serverStats) is the admin's.
  const admin = await api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  assert.equal(admin.status, 200, JSON.stringify(admin.body));
  server.headers = { Authorization: `Bearer ${admin.body.token}` };
  const created = await api('POST', '/api/admin/users', { token: admin.body.token, body: { username: USER, password: PASSWORD } });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  browser = await launchBrowser({ camera: y4mFrom(clips.fall()) });
  page = browser.page;
  await page.goto(server.url + '/');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await waitFor('the page to sign in and connect its own socket',
    async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
  await loadSeedClient();
});

/** The guide's class, as printed, into the signed-in page (evaluated over the DevTools protocol:
 * the page's CSP allows no inline script, rightly). */
async function loadSeedClient() {
  await page.evaluate(`${seedClient}\nwindow.AnomalyDetectionClient = AnomalyDetectionClient;`);
}

after(async () => {
  await page?.screenshot({ path: join(outputDir, 'seed-local-last.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

test('the page is signed in by its session cookie only', async () => {
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
  assert.deepEqual(me, { auth_mode: 'local', user_id: USER, roles: [], via: 'session' });
  // Without the cookie the same call is refused: the seed client's calls below pass because of it.
  assert.equal((await api('GET', '/api/auth/me')).status, 401);
});

test('Connect WebSocket with user_id (the guide\'s client, cookie on the upgrade)', async () => {
  const socketsBefore = (await serverStats(server)).websockets;
  await page.evaluate(async ({ userId, url }) => {
    window.client = new AnomalyDetectionClient(userId, url);
    await window.client.connect();
    window.alerts = [];
    window.client.onAnomaly((alert) => window.alerts.push(alert));
  }, { userId: USER, url: server.url });
  assert.equal(await page.evaluate(() => window.client.websocket.readyState), 1, 'the socket is open');
  await waitFor('the server to count the guide client\'s socket', async () => (await serverStats(server)).websockets === socketsBefore + 1);
});

test('Add first video stream (receive stream_id): the fall clip camera', async () => {
  ids.hallway = await addFallClipStream(page, server, USER);
});

test('Add second video stream (different stream_id): a still scene', async () => {
  ids.pantry = await addStillStream(page, server, USER, ids.hallway);
});

test('Verify alerts include correct stream_id: the fall clip\'s alert reaches the guide\'s onAnomaly callback', async () => {
  await awaitFallClipAlert(page, server, USER, ids);
  await screenshot(page, 'seed-local-fall');
});

test('Close specific stream; verify other streams still active', async () => {
  await closeOneStream(page, server, USER, ids);
});

test('Close all streams; verify WebSocket cleanup', async () => {
  await disconnectAll(page, server, USER);
  // The page's own socket (same user, same cookie) is untouched.
  assert.equal(await page.getAttribute('#socket-state', 'data-state'), 'connected');
  assert.deepEqual(browser.errors.map(String), []);
});

test('after signing out the guide\'s class is refused: its offer answers 401 in the error shape', async () => {
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  const refused = await page.evaluate(async () => {
    const response = await fetch('/api/offer', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'offer', user_id: 'dana', sdp: 'v=0' }) });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(refused.status, 401);
  assert.deepEqual(Object.keys(refused.body).sort(), ['error', 'message']);
  assert.equal(refused.body.error, 'unauthenticated');
  const socket = await page.evaluate(() => new Promise((resolve) => {
    const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws/alerts/dana`);
    ws.onopen = () => resolve('open');
    ws.onerror = () => resolve('refused');
  }));
  assert.equal(socket, 'refused');
});

test('deleting the user ends the guide client\'s stream and socket, and the session', async () => {
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await waitFor('signed in again', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
  await loadSeedClient(); // signing out reloaded the page
  // Kept on the test's side: the page reloads to its login form once the session is gone.
  const events = [];
  await page.exposeFunction('recordSocketEvent', (event) => events.push(event));
  ids.last = await page.evaluate(async ({ userId, url }) => {
    window.client = new AnomalyDetectionClient(userId, url);
    await window.client.connect();
    window.client.websocket.addEventListener('message', (event) => window.recordSocketEvent(JSON.parse(event.data)));
    window.client.websocket.addEventListener('close', (event) => window.recordSocketEvent({ closed: event.code }));
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    window.paintTimer = setInterval(() => canvas.getContext('2d').fillRect(0, 0, 1 + Math.random(), 1), 66);
    return window.client.addStream(canvas.captureStream(15), { camera: 'attic' });
  }, { userId: USER, url: server.url });
  await waitFor('the attic stream listed', async () => (await serverStreams(server, USER)).some((s) => s.stream_id === ids.last));

  const deleted = await fetch(`${server.url}/api/admin/users/${USER}`, { method: 'DELETE', headers: server.headers });
  assert.equal(deleted.status, 200);
  await waitFor('the guide client\'s socket to be closed', () => events.some((e) => e.closed));
  assert.deepEqual(events.at(-1), { closed: 1008 });
  const closed = events.find((e) => e.type === 'stream_closed');
  assert.equal(closed?.stream_id, ids.last);
  assert.equal(closed.reason, 'user_deleted');
  assert.equal(events.find((e) => e.type === 'error')?.error, 'user_deleted');
  await waitFor('no streams left on the server', async () => (await serverStats(server)).streams === 0);
  // The page's own socket was the user's too: it finds the session gone and shows the login form.
  await page.waitForSelector('#login:not([hidden])', { timeout: 30_000 });
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(me, 401, 'the session cookie no longer works');
});
