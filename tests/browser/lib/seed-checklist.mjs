// The frontend guide's testing checklist, walked by the guide's own AnomalyDetectionClient class
// (window.client in the page, fixtures/seed-client.js) against a server, one step a function.
// Used wherever that class runs: a page on another origin (cross-origin.test.mjs) and a page
// signed in with mode local (seed-local.test.mjs). `server` is anything with url and json(path).
import assert from 'node:assert/strict';
import { waitFor } from './browser.mjs';
import { serverStats, serverStreams } from './suite.mjs';

export const ALERT_DEADLINE_MS = 150_000; // the fall clip loops; the first fall comes within one loop

/** The fall clip's camera (the page's fake camera) as the first stream: its stream_id, listed live. */
export async function addFallClipStream(page, server, userId) {
  const id = await page.evaluate(async () => {
    const camera = await navigator.mediaDevices.getUserMedia({ video: true });
    return window.client.addStream(camera, { camera: 'hallway', location: 'ground floor' });
  });
  assert.match(id, /^[0-9a-f-]{36}$/);
  const [entry] = await waitFor('the hallway stream live with frames', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 1 && streams[0].state === 'live' && streams[0].frames_decoded > 0 ? streams : null;
  }, { timeoutMs: 60_000 });
  assert.equal(entry.stream_id, id);
  assert.deepEqual(entry.stream_metadata, { camera: 'hallway', location: 'ground floor' });
  return id;
}

/** A calm second stream (a canvas that never shows anyone): a different stream_id, both live. */
export async function addStillStream(page, server, userId, firstId) {
  const id = await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    const g = canvas.getContext('2d');
    let shade = 0;
    window.paintTimer = setInterval(() => { // repainted so frames keep coming
      shade ^= 1;
      g.fillStyle = `rgb(${90 + shade}, 90, 90)`;
      g.fillRect(0, 0, 640, 480);
    }, 66);
    return window.client.addStream(canvas.captureStream(15), { camera: 'pantry', location: 'kitchen' });
  });
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.notEqual(id, firstId);
  await waitFor('both streams live with frames', async () => {
    const streams = await serverStreams(server, userId);
    return streams.length === 2 && streams.every((s) => s.state === 'live' && s.frames_decoded > 0);
  }, { timeoutMs: 60_000 });
  assert.equal(await page.evaluate(() => window.client.streams.size), 2);
  return id;
}

/**
 * The fall clip's alert reaches the class's onAnomaly callback (window.alerts) with the guide's
 * fields, naming the fall clip's stream; the still stream raised none. Returns the alert.
 */
export async function awaitFallClipAlert(page, server, userId, ids) {
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
  return fall;
}

/** Closing the fall clip's stream leaves the still one live and decoding. */
export async function closeOneStream(page, server, userId, ids) {
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
}

/** disconnect(): no streams left in the class or on the server, and the server let go of the socket. */
export async function disconnectAll(page, server, userId) {
  const socketsBefore = (await serverStats(server)).websockets;
  await page.evaluate(async () => {
    clearInterval(window.paintTimer);
    await window.client.disconnect();
  });
  assert.equal(await page.evaluate(() => window.client.streams.size), 0);
  await waitFor('the socket closed in the page', () => page.evaluate(() => window.client.websocket.readyState === 3));
  await waitFor('no streams of the user on the server', async () => (await serverStreams(server, userId)).length === 0);
  await waitFor('the server to drop the socket', async () => (await serverStats(server)).websockets === socketsBefore - 1);
}
