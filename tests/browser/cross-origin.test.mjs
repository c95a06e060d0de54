// The frontend guide's own AnomalyDetectionClient class (fixtures/seed-client.js, as printed in the
// guide but for its public STUN server) in a page served from a SECOND origin, as a frontend on a
// dev server is: it walks the guide's whole testing checklist against the server, including a real
// fall alert from the fall clip. Then, with vigil.api.cors-origins narrowed to one origin, a page
// from another origin is refused: its WebSocket upgrade gets 403 and its offer is blocked by CORS.
//
// Against a running server instead of one started here (e.g. the container):
//   VIGIL_URL=http://127.0.0.1:8000                 server with the default cors-origins ["*"]
//   VIGIL_NARROWED_URL=http://127.0.0.1:8001        server started with VIGIL_API_CORS_dash_ORIGINS=
//   VIGIL_ALLOWED_ORIGIN=http://127.0.0.1:5173        this origin; the allowed page is served on its port
// (without VIGIL_NARROWED_URL the narrowed test is skipped).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, waitFor } from './lib/browser.mjs';
import { y4mFrom } from './lib/fixtures.mjs';
import { browserTestsDir, outputDir } from './lib/paths.mjs';
import { freePort, VigilServer } from './lib/server.mjs';
import { addFallClipStream, addStillStream, awaitFallClipAlert, closeOneStream, disconnectAll } from './lib/seed-checklist.mjs';
import { clips } from './lib/suite.mjs';

const seedClient = readFileSync(join(browserTestsDir, 'fixtures', 'seed-client.js'), 'utf8');

/** A static frontend on its own 127.0.0.1 port: a blank page that loads the guide's client class. */
async function frontend(port) {
  const http = createServer((req, res) => {
    if (req.url === '/seed-client.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(seedClient);
    } else if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end('<!doctype html><meta charset="utf-8"><title>frontend</title><script src="/seed-client.js"></script>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => http.listen(port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${http.address().port}`;
  return { origin, close: () => new Promise((resolve) => http.close(resolve)) };
}

/** A server this test talks to: started here, or given by URL (then its log is not ours to read). */
function external(url) {
  return {
    url,
    log: null,
    async json(path) {
      const response = await fetch(url + path);
      return { status: response.status, body: await response.json() };
    },
    async stop() {},
  };
}

async function started(name, env = {}) {
  const server = new VigilServer({ name, env });
  await server.start();
  server.log = join(outputDir, `server-${name}.log`);
  return server;
}

const allowedOrigin = process.env.VIGIL_ALLOWED_ORIGIN;
let server;
let narrowed;
let pageOrigin; // the checklist's frontend, and the one origin the narrowed server allows
let otherOrigin; // a frontend the narrowed server does not allow
let browser;
let page;
const userId = `guide_${Date.now()}`;
const ids = {};

before(async () => {
  pageOrigin = await frontend(allowedOrigin ? Number(new URL(allowedOrigin).port) : undefined);
  otherOrigin = await frontend();
  server = process.env.VIGIL_URL ? external(process.env.VIGIL_URL) : await started('cross-origin');
  if (process.env.VIGIL_NARROWED_URL) {
    narrowed = external(process.env.VIGIL_NARROWED_URL);
  } else if (!process.env.VIGIL_URL) {
    narrowed = await started('cross-origin-narrowed', { VIGIL_API_CORS_dash_ORIGINS: pageOrigin.origin });
  }
  browser = await launchBrowser({ camera: y4mFrom(clips.fall()) });
  page = browser.page;
  await page.goto(pageOrigin.origin + '/');
  assert.notEqual(new URL(pageOrigin.origin).port, new URL(server.url).port, 'the page is on another origin than the server');
});

after(async () => {
  await page?.screenshot({ path: join(outputDir, 'cross-origin-last.png') }).catch(() => {});
  await browser?.close();
  await server?.stop();
  await narrowed?.stop();
  await pageOrigin?.close();
  await otherOrigin?.close();
});

test('Connect WebSocket with user_id (the guide\'s client, page on another origin)', async () => {
  await page.evaluate(async ({ userId, url }) => {
    window.client = new AnomalyDetectionClient(userId, url);
    await window.client.connect();
    window.alerts = [];
    window.client.onAnomaly((alert) => window.alerts.push(alert));
  }, { userId, url: server.url });
  assert.equal(await page.evaluate(() => window.client.websocket.readyState), 1, 'the socket is open');
  // The server registers the socket just after the handshake the page saw: wait for it.
  const { status, body } = await waitFor('the server to know the user by its socket', async () => {
    const answer = await server.json(`/api/users/${userId}/streams`);
    return answer.status === 200 ? answer : null;
  });
  assert.equal(status, 200, 'the server knows the user by its socket');
  assert.deepEqual(body, { user_id: userId, streams: [] });
});

test('Add first video stream (receive stream_id): the fall clip camera', async () => {
  ids.hallway = await addFallClipStream(page, server, userId);
});

test('Add second video stream (different stream_id): a still scene', async () => {
  ids.pantry = await addStillStream(page, server, userId, ids.hallway);
});

test('Verify alerts include correct stream_id: the fall clip\'s alert reaches the guide\'s onAnomaly callback', async () => {
  await awaitFallClipAlert(page, server, userId, ids);
  await screenshot(page, 'cross-origin-fall');
});

test('Close specific stream; verify other streams still active', async () => {
  await closeOneStream(page, server, userId, ids);
});

test('Close all streams; verify WebSocket cleanup', async () => {
  await disconnectAll(page, server, userId);
  // With no streams and no socket the user is unknown again.
  await waitFor('the user to be forgotten', async () => (await server.json(`/api/users/${userId}/streams`)).status === 404);
  assert.deepEqual(browser.errors.map(String), []);
});

test('with cors-origins narrowed to one origin, a page from another origin is refused', async (t) => {
  if (!narrowed) {
    t.skip('no VIGIL_NARROWED_URL');
    return;
  }
  // The allowed origin: the same class connects (and its DELETE passes CORS).
  const allowedUser = `${userId}_allowed`;
  await page.evaluate(async ({ user, url }) => {
    window.allowed = new AnomalyDetectionClient(user, url);
    await window.allowed.connect();
  }, { user: allowedUser, url: narrowed.url });
  // The server registers the socket just after the handshake the page saw: wait for it.
  await waitFor('the allowed page\'s socket to be known to the server',
    async () => (await narrowed.json(`/api/users/${allowedUser}/streams`)).status === 200);
  await page.evaluate(() => window.allowed.disconnect());

  // Another origin: the WebSocket upgrade is refused with 403 and the offer never reaches the API.
  const refusedUser = `${userId}_refused`;
  const other = await browser.context.newPage();
  const consoleLines = [];
  other.on('console', (message) => consoleLines.push(message.text()));
  try {
    await other.goto(otherOrigin.origin + '/');
    const outcome = await other.evaluate(async ({ user, url }) => {
      const client = new AnomalyDetectionClient(user, url);
      const result = {};
      try {
        await client.connect();
        result.socket = 'open';
      } catch {
        result.socket = 'error';
      }
      client.websocket.onerror = null;
      const camera = await navigator.mediaDevices.getUserMedia({ video: true });
      try {
        await client.addStream(camera, { camera: 'intruder' });
        result.offer = 'answered';
      } catch (error) {
        result.offer = `${error.name}: ${error.message}`;
      }
      camera.getTracks().forEach((t) => t.stop());
      return result;
    }, { user: refusedUser, url: narrowed.url });
    assert.equal(outcome.socket, 'error', 'the socket did not open');
    assert.match(outcome.offer, /^TypeError: Failed to fetch/, 'the offer was blocked by CORS');
    await waitFor('the browser to report the 403', () => consoleLines.some((l) => /WebSocket.*\b403\b/.test(l)));
    assert.ok(consoleLines.some((l) => /CORS/.test(l)), `the browser reports the CORS block: ${consoleLines}`);
    const { status, body } = await narrowed.json(`/api/users/${refusedUser}/streams`);
    assert.equal(status, 404, 'nothing of the refused page reached the server');
    assert.equal(body.error, 'unknown_user');
    if (narrowed.log) {
      const log = readFileSync(narrowed.log, 'utf8');
      assert.match(log, new RegExp(`refused WebSocket upgrade to /ws/alerts/${refusedUser} from origin ${otherOrigin.origin}:`));
    }
  } finally {
    await other.close();
  }
});
