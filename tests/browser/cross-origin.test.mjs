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
import { clips, serverStats, serverStreams } from './lib/suite.mjs';

const ALERT_DEADLINE_MS = 150_000; // the fall clip loops; the first fall comes within one loop
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
  ids.hallway = await page.evaluate(async () => {
    const camera = await navigator.mediaDevices.getUserMedia({ video: true });
    return window.client.addStream(camera, { camera: 'hallway', location: 'ground floor' });
  });
  assert.match(ids.hallway, /^[0-9a-f-]{36}$/);
  const [entry] = await waitFor('the hallway stream live with frames', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 1 && streams[0].state === 'live' && streams[0].frames_decoded > 0 ? streams : null;
  }, { timeoutMs: 60_000 });
  assert.equal(entry.stream_id, ids.hallway);
  assert.deepEqual(entry.stream_metadata, { camera: 'hallway', location: 'ground floor' });
});

test('Add second video stream (different stream_id): a still scene', async () => {
  ids.pantry = await page.evaluate(async () => {
    // A calm second source: a canvas that never shows anyone (repainted so frames keep coming).
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    const g = canvas.getContext('2d');
    let shade = 0;
    window.paintTimer = setInterval(() => {
      shade ^= 1;
      g.fillStyle = `rgb(${90 + shade}, 90, 90)`;
      g.fillRect(0, 0, 640, 480);
    }, 66);
    return window.client.addStream(canvas.captureStream(15), { camera: 'pantry', location: 'kitchen' });
  });
  assert.match(ids.pantry, /^[0-9a-f-]{36}$/);
  assert.notEqual(ids.pantry, ids.hallway);
  await waitFor('both streams live with frames', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 2 && streams.every((s) => s.state === 'live' && s.frames_decoded > 0);
  }, { timeoutMs: 60_000 });
  assert.equal(await page.evaluate(() => window.client.streams.size), 2);
});

test('Verify alerts include correct stream_id: the fall clip\'s alert reaches the guide\'s onAnomaly callback', async () => {
  // The fall clip's person falls and then lies still; which of the two alerts comes first depends on
  // when analysis of the stream starts relative to the fall (seen both ways: "fall, lying" or "lying").
  // alerts.test.mjs and AlertEndToEndTest assert the fall itself; this checks the guide's contract.
  const fall = await waitFor('an alert from the fall clip in the page', () => page.evaluate(
    () => window.alerts.find((a) => a.behaviours?.some((b) => b === 'fall' || b === 'lying'))),
    { timeoutMs: ALERT_DEADLINE_MS, intervalMs: 500 });
  assert.equal(fall.type, 'anomaly_detected');
  assert.equal(fall.user_id, userId);
  assert.equal(fall.stream_id, ids.hallway, 'the fall is on the hallway camera');
  assert.equal(await page.evaluate((id) => window.client.getStreamMetadata(id).camera, fall.stream_id), 'hallway');
  assert.equal(fall.camera, 'hallway');
  assert.ok(fall.result.is_abnormal && fall.result.score < 0);
  assert.equal(fall.result.classification, 'Abnormal');
  assert.match(fall.result.confidence, /^(High|Medium|Low)$/);
  assert.ok(Number.isInteger(fall.result.person_id) && fall.result.person_id >= 1);
  for (const key of ['x', 'y', 'w', 'h']) assert.ok(Number.isInteger(fall.result.bbox[key]), `bbox.${key}`);
  assert.equal(fall.frame_format, 'jpeg');
  // The annotated frame is a real JPEG of the stream's size, decodable by the page.
  const size = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/jpeg;base64,${b64}`;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, fall.annotated_frame);
  assert.deepEqual(size, [fall.frame_width, fall.frame_height]);
  // Every alert so far names the stream it came from: the still scene raised none.
  const alerts = await page.evaluate(() => window.alerts);
  assert.ok(alerts.every((a) => a.stream_id === ids.hallway), `alert stream_ids ${alerts.map((a) => a.stream_id)}`);
  const streams = await serverStreams(server, userId);
  assert.ok(streams.find((s) => s.stream_id === ids.hallway).alerts_sent >= 1);
  assert.equal(streams.find((s) => s.stream_id === ids.pantry).alerts_sent, 0);
  await screenshot(page, 'cross-origin-fall');
});

test('Close specific stream; verify other streams still active', async () => {
  await page.evaluate((id) => window.client.removeStream(id), ids.hallway);
  assert.equal(await page.evaluate(() => window.client.streams.size), 1);
  const [pantry] = await waitFor('only the pantry listed', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 1 && streams[0].stream_id === ids.pantry ? streams : null;
  });
  assert.equal(pantry.state, 'live');
  await waitFor('the pantry to keep decoding', async () => {
    const [now] = await serverStreams(server, userId);
    return now.state === 'live' && now.frames_decoded > pantry.frames_decoded;
  });
});

test('Close all streams; verify WebSocket cleanup', async () => {
  const socketsBefore = (await serverStats(server)).websockets;
  await page.evaluate(async () => {
    clearInterval(window.paintTimer);
    await window.client.disconnect();
  });
  assert.equal(await page.evaluate(() => window.client.streams.size), 0);
  await waitFor('the socket closed in the page', () => page.evaluate(() => window.client.websocket.readyState === 3));
  // With no streams and no socket the user is unknown again; the server let go of the socket.
  await waitFor('the user to be forgotten', async () => (await server.json(`/api/users/${userId}/streams`)).status === 404);
  await waitFor('the server to drop the socket', async () => (await serverStats(server)).websockets === socketsBefore - 1);
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
