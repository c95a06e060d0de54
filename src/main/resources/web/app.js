// The Vigil page: add cameras and video files as streams, watch their state, draw restricted
// zones, and see the alerts of all of this user's streams arrive on one WebSocket.
import { AnomalyDetectionClient, ApiError, saveUserId, storedUserId } from './client.js';
import { AlertFeed, el } from './feed.js';
import { HistoryView } from './history.js';
import { openedAlert, registerWorker, setUpPushButton } from './push.js';
import { Tile } from './tile.js';

const POLL_INTERVAL_MS = 2000;
const FEED_CAP = 200;
const SOUND_GAP_MS = 1500;
const NOTIFICATION_GAP_MS = 10000;

const $ = (id) => document.getElementById(id);

const page = {
  client: null,
  config: { ice_servers: [], max_streams_per_user: 8 },
  tiles: new Set(),
  tilesByStream: new Map(), // stream_id -> Tile
  pendingOffers: 0, // offers sent whose answer (and stream_id) has not arrived yet
  feed: new AlertFeed($('alerts'), $('alert-count'), { cap: FEED_CAP }),
  sound: new Audio('alert.mp3'),
  lastSoundAt: 0,
  lastNotificationAt: new Map(), // stream_id -> ms
  unsubscribe: [],
};

// ---- messages --------------------------------------------------------------------------

/** Shows a message to the user at the top; errors stay 30 s (or until dismissed), notices 6 s. */
function showMessage(text, kind = 'error') {
  const close = el('button', { type: 'button', className: 'dismiss', textContent: '×', title: 'Dismiss' });
  const item = el('div', { className: `message ${kind}` }, [el('span', { className: 'text', textContent: text }), close]);
  close.addEventListener('click', () => item.remove());
  $('messages').prepend(item);
  while ($('messages').childElementCount > 5) $('messages').lastElementChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 30000 : 6000);
}

function describeError(error, doing) {
  if (error instanceof ApiError) return `${doing}: ${error.message}${error.status ? ` (${error.status} ${error.code})` : ''}`;
  if (error?.name === 'NotAllowedError') return `${doing}: the browser was not allowed to use the camera`;
  if (error?.name === 'NotFoundError' || error?.name === 'OverconstrainedError') return `${doing}: that camera is not available`;
  return `${doing}: ${error?.message ?? error}`;
}

// ---- user and socket -------------------------------------------------------------------

function startClient(userId) {
  page.unsubscribe.forEach((unsubscribe) => unsubscribe());
  page.client?.closeSocket();
  const client = new AnomalyDetectionClient(userId);
  page.client = client;
  $('user-id').value = userId;
  page.unsubscribe = [
    client.onConnectionChange(showSocketState),
    client.onAnomaly(handleAlert),
    client.onStreamClosed(handleStreamClosed),
  ];
  page.history?.userChanged();
  client.connect().catch(() => {
    // The client keeps retrying; the socket state line says so.
  });
}

function showSocketState(state, detail) {
  const line = $('socket-state');
  line.dataset.state = state;
  const texts = {
    connecting: 'Alerts: connecting…',
    connected: 'Alerts: connected',
    reconnecting: detail?.delayMs != null ? `Alerts: reconnecting in ${(detail.delayMs / 1000).toFixed(1)} s` : 'Alerts: reconnecting…',
    disconnected: 'Alerts: not connected',
  };
  line.textContent = texts[state] ?? state;
}

$('user-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const userId = $('user-id').value.trim();
  if (!userId || userId === page.client.userId) return;
  if (page.client.streams.size > 0) {
    $('user-id').value = page.client.userId;
    showMessage('Close this page’s streams before switching user');
    return;
  }
  for (const tile of [...page.tiles]) if (tile.state !== 'preview') removeTile(tile);
  saveUserId(userId);
  startClient(userId);
  showMessage(`Now user ${userId}`, 'notice');
});

// ---- sources ---------------------------------------------------------------------------

async function refreshCameraList() {
  const select = $('camera-select');
  const chosen = select.value;
  let devices = [];
  try {
    devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  } catch {
    devices = [];
  }
  select.replaceChildren(
    ...devices.map((device, i) => el('option', { value: device.deviceId, textContent: device.label || `Camera ${i + 1}` })),
  );
  if (devices.length === 0) select.append(el('option', { value: '', textContent: 'Default camera' }));
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

function zonesKey(camera) {
  return `vigil.zones.${camera}`;
}

function rememberedZones(camera) {
  try {
    const zones = JSON.parse(localStorage.getItem(zonesKey(camera)) ?? '[]');
    return Array.isArray(zones) ? zones : [];
  } catch {
    return [];
  }
}

function metadataFor(camera, extra) {
  const metadata = { camera, ...extra };
  const zones = rememberedZones(camera);
  if (zones.length > 0) metadata.zones = zones;
  return metadata;
}

function uniqueCameraName(base) {
  const names = new Set([...page.tiles].map((t) => t.cameraName));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base}_${i}`)) return `${base}_${i}`;
}

async function addCamera({ startNow }) {
  const deviceId = $('camera-select').value;
  const camera = $('camera-name').value.trim() || uniqueCameraName('camera');
  const location = $('camera-location').value.trim();
  let media;
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this page needs https (or localhost) to use cameras');
    media = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true, audio: false });
  } catch (error) {
    showMessage(describeError(error, `Could not open camera ${camera}`));
    return;
  }
  refreshCameraList(); // labels appear once the browser has granted camera access
  const tile = addTile({ media, metadata: metadataFor(camera, location ? { location } : {}) });
  $('camera-name').value = '';
  $('camera-location').value = '';
  if (startNow) await startStream(tile);
}

async function addFile() {
  const file = $('video-file').files[0];
  if (!file) {
    showMessage('Choose a video file first');
    return;
  }
  const camera = $('file-camera-name').value.trim() || uniqueCameraName('uploaded_video');
  const objectUrl = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.src = objectUrl;
  video.loop = true; // a looping file behaves like a camera
  video.muted = true;
  video.playsInline = true;
  let media;
  try {
    await video.play();
    media = video.captureStream ? video.captureStream() : video.mozCaptureStream();
  } catch (error) {
    URL.revokeObjectURL(objectUrl);
    showMessage(describeError(error, `Could not play ${file.name}`));
    return;
  }
  const tile = addTile({ media, video, objectUrl, metadata: metadataFor(camera, { filename: file.name, source: 'file' }) });
  $('file-camera-name').value = '';
  $('video-file').value = '';
  await startStream(tile);
}

$('camera-form').addEventListener('submit', (event) => {
  event.preventDefault();
  addCamera({ startNow: true });
});
$('preview-camera').addEventListener('click', () => addCamera({ startNow: false }));
$('file-form').addEventListener('submit', (event) => {
  event.preventDefault();
  addFile();
});
navigator.mediaDevices?.addEventListener?.('devicechange', refreshCameraList);

// ---- tiles and streams -----------------------------------------------------------------

function addTile({ media, video, objectUrl, metadata }) {
  const tile = new Tile({
    media,
    video,
    objectUrl,
    metadata,
    handlers: { start: startStream, close: closeTile, zonesChanged },
  });
  page.tiles.add(tile);
  $('tiles').append(tile.element);
  updateStreamCount();
  return tile;
}

async function startStream(tile) {
  tile.setState('connecting');
  tile.parts.start.disabled = true;
  page.pendingOffers++;
  try {
    const streamId = await page.client.addStream(tile.media, tile.metadata);
    // A poll that ran while the answer was on its way may have shown the stream as another page's.
    const shownAsRemote = page.tilesByStream.get(streamId);
    if (shownAsRemote && shownAsRemote !== tile) removeTile(shownAsRemote);
    if (!page.tiles.has(tile)) {
      // Closed while connecting: end what was just created.
      await page.client.removeStream(streamId).catch(() => {});
      return;
    }
    tile.setStreamId(streamId);
    page.tilesByStream.set(streamId, tile);
    watchPeer(tile, streamId);
    if (tile.state === 'connecting') tile.setState('connecting', 'waiting for the server to receive video');
  } catch (error) {
    const message = describeError(error, `Could not start ${tile.cameraName}`);
    tile.setState('failed');
    tile.showError(error instanceof ApiError ? error.message : String(error.message ?? error));
    showMessage(message);
  } finally {
    page.pendingOffers--;
  }
  updateStreamCount();
}

/** Follows the peer connection so a broken network path shows on the tile. */
function watchPeer(tile, streamId) {
  const pc = page.client.streams.get(streamId)?.pc;
  if (!pc) return;
  pc.addEventListener('connectionstatechange', () => {
    if (tile.streamId !== streamId) return;
    if (pc.connectionState === 'failed') {
      tile.showError('The video connection to the server failed');
    }
  });
}

async function closeTile(tile) {
  const streamId = tile.streamId;
  if (streamId && (tile.state === 'live' || tile.state === 'connecting' || tile.state === 'closing' || tile.state === 'remote')) {
    tile.closedByUser = true;
    tile.setState('closing');
    try {
      if (page.client.streams.has(streamId)) await page.client.removeStream(streamId);
      else await deleteRemoteStream(streamId);
    } catch (error) {
      showMessage(describeError(error, `Could not close ${tile.cameraName}`));
      tile.closedByUser = false;
      tile.setState('live');
      return;
    }
  }
  removeTile(tile);
}

async function deleteRemoteStream(streamId) {
  const userId = encodeURIComponent(page.client.userId);
  try {
    await page.client.request('DELETE', `/api/users/${userId}/streams/${encodeURIComponent(streamId)}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}

function removeTile(tile) {
  tile.remove();
  page.tiles.delete(tile);
  if (tile.streamId) page.tilesByStream.delete(tile.streamId);
  updateStreamCount();
}

$('close-all').addEventListener('click', async () => {
  const button = $('close-all');
  button.disabled = true;
  try {
    // The seed's disconnect() also closes the socket; this page keeps listening for new streams.
    await page.client.request('DELETE', `/api/users/${encodeURIComponent(page.client.userId)}`).catch((error) => {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    });
    for (const streamId of [...page.client.streams.keys()]) page.client.forgetStream(streamId);
    for (const tile of [...page.tiles]) removeTile(tile);
    showMessage('All streams closed', 'notice');
  } catch (error) {
    showMessage(describeError(error, 'Could not close the streams'));
  } finally {
    button.disabled = false;
  }
});

async function zonesChanged(tile) {
  const zones = tile.metadata.zones ?? [];
  localStorage.setItem(zonesKey(tile.cameraName), JSON.stringify(zones));
  if (!tile.streamId || !(tile.state === 'live' || tile.state === 'connecting' || tile.state === 'remote')) return;
  try {
    if (page.client.streams.has(tile.streamId)) await page.client.updateStreamMetadata(tile.streamId, tile.metadata);
    else await page.client.request('PUT', `/api/users/${encodeURIComponent(page.client.userId)}/streams/${encodeURIComponent(tile.streamId)}/metadata`, tile.metadata);
    showMessage(`Zones of ${tile.cameraName} sent to the server (${zones.length})`, 'notice');
  } catch (error) {
    showMessage(describeError(error, `Could not update the zones of ${tile.cameraName}`));
  }
}

function handleStreamClosed(message) {
  const tile = page.tilesByStream.get(message.stream_id);
  if (!tile || tile.closedByUser) return; // the page is already removing it
  tile.setState('closed', message.reason ?? '');
  tile.release();
  tile.showError(`Closed by the server${message.reason ? `: ${message.reason}` : ''}`);
  updateStreamCount();
}

function updateStreamCount() {
  const streaming = [...page.tiles].filter((t) => ['connecting', 'live', 'closing', 'remote'].includes(t.state)).length;
  const max = page.config.max_streams_per_user;
  $('stream-count').textContent = max ? `${streaming} / ${max}` : String(streaming);
}

// ---- alerts ----------------------------------------------------------------------------

function handleAlert(alert) {
  const tile = page.tilesByStream.get(alert.stream_id);
  const metadata = page.client.getStreamMetadata(alert.stream_id) ?? tile?.metadata;
  const source = {
    camera: alert.camera ?? metadata?.camera ?? 'Unknown camera',
    location: metadata?.location ?? '',
  };
  page.feed.add(alert, source);
  page.history.alertArrived(alert);
  tile?.countAlert();
  playSound();
  notify(alert, source);
}

function playSound() {
  if (!$('sound-on').checked) return;
  const now = Date.now();
  if (now - page.lastSoundAt < SOUND_GAP_MS) return;
  page.lastSoundAt = now;
  page.sound.currentTime = 0;
  page.sound.play().catch(() => {
    // Autoplay may be blocked until the user has clicked on the page.
  });
}

function notify(alert, source) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const now = Date.now();
  if (now - (page.lastNotificationAt.get(alert.stream_id) ?? 0) < NOTIFICATION_GAP_MS) return;
  page.lastNotificationAt.set(alert.stream_id, now);
  const behaviours = (alert.behaviours ?? []).join(', ') || 'anomaly';
  const notification = new Notification(`Anomaly at ${source.camera}`, {
    body: `Person ${alert.result?.person_id ?? '?'}: ${behaviours} (${alert.result?.confidence ?? '?'})`,
    tag: alert.stream_id,
    icon: alert.annotated_frame ? `data:image/jpeg;base64,${alert.annotated_frame}` : undefined,
  });
  notification.onclick = () => window.focus();
}

$('sound-on').checked = localStorage.getItem('vigil.sound') !== 'off';
$('sound-on').addEventListener('change', () => localStorage.setItem('vigil.sound', $('sound-on').checked ? 'on' : 'off'));
$('clear-alerts').addEventListener('click', () => page.feed.clear());

function setUpNotificationButton() {
  const button = $('enable-notifications');
  if (!('Notification' in window) || Notification.permission !== 'default') {
    button.hidden = true;
    return;
  }
  button.hidden = false;
  button.onclick = async () => {
    await Notification.requestPermission();
    setUpNotificationButton();
  };
}

// ---- views: live and history ----------------------------------------------------------

function showView(name) {
  $('live-view').hidden = name !== 'live';
  $('history-view').hidden = name !== 'history';
  $('show-live').setAttribute('aria-pressed', String(name === 'live'));
  $('show-history').setAttribute('aria-pressed', String(name === 'history'));
  document.body.dataset.view = name;
  // Opening the view shows what is stored now, alerts raised since it was last loaded included.
  if (name === 'history') page.history.reload();
}
$('show-live').addEventListener('click', () => showView('live'));
$('show-history').addEventListener('click', () => showView('history'));

// ---- polling: stream states and server stats -------------------------------------------

async function pollStreams() {
  const askedAt = performance.now();
  let entries;
  try {
    entries = await page.client.listStreams();
  } catch {
    return; // the socket state line already tells when the server is away
  }
  const seen = new Set();
  for (const entry of entries) {
    seen.add(entry.stream_id);
    let tile = page.tilesByStream.get(entry.stream_id);
    if (!tile && page.pendingOffers > 0) continue; // may be ours, answer still on its way
    if (!tile) {
      // A stream of this user that this page did not start (another tab, or before a reload).
      tile = addTile({ media: null, metadata: entry.stream_metadata ?? { camera: 'camera' } });
      tile.setStreamId(entry.stream_id);
      tile.setState('remote');
      page.tilesByStream.set(entry.stream_id, tile);
    }
    tile.updateFromServer(entry);
  }
  for (const tile of page.tiles) {
    const streaming = ['connecting', 'live', 'closing', 'remote'].includes(tile.state);
    // A stream that got its id after this list was asked for is simply not in it yet.
    const judged = tile.streamIdAt !== undefined && tile.streamIdAt < askedAt;
    if (tile.streamId && !seen.has(tile.streamId) && streaming && judged && !tile.closedByUser) {
      if (!tile.media) removeTile(tile);
      else {
        tile.setState('closed');
        tile.showError('The server no longer has this stream');
        page.client.forgetStream(tile.streamId);
        tile.release();
      }
    }
  }
  updateStreamCount();
}

const STAT_ROWS = [
  ['uptime', (s) => formatDuration(s.uptime_seconds)],
  ['users', (s) => s.users],
  ['streams', (s) => s.streams],
  ['sockets', (s) => s.websockets],
  ['analysis', (s) => (typeof s.analysis_fps === 'number' ? `${s.analysis_fps.toFixed(1)} fps` : undefined)],
  ['analysed / decoded', (s) => (s.frames_decoded != null ? `${s.frames_analysed ?? 0} / ${s.frames_decoded}` : undefined)],
  ['skipped', (s) => s.frames_dropped],
  ['inference p50/p95', (s) => percentiles(s.inference_ms)],
  ['alert latency p50/p95', (s) => percentiles(s.alert_latency_ms)],
  ['alerts sent', (s) => s.alerts_sent],
  ...['webpush', 'mqtt', 'webhooks'].map((channel) => [`${channel} delivered / pending`, (s) => {
    const c = s.delivery?.[channel];
    return c && (c.targets > 0 || c.delivered > 0) ? `${c.delivered} / ${c.pending}` : undefined;
  }]),
  ['memory', (s) => (typeof s.rss_bytes === 'number' && s.rss_bytes > 0 ? `${Math.round(s.rss_bytes / 2 ** 20)} MiB` : undefined)],
];

async function pollStats() {
  let stats;
  try {
    stats = await page.client.getStats();
  } catch {
    $('stats').dataset.stale = 'true';
    return;
  }
  delete $('stats').dataset.stale;
  const rows = [];
  for (const [label, value] of STAT_ROWS) {
    const shown = value(stats);
    if (shown === undefined || shown === null) continue;
    rows.push(el('dt', { textContent: label }), el('dd', { textContent: String(shown), dataset: { stat: label } }));
  }
  $('stats').replaceChildren(...rows);
}

function percentiles(p) {
  if (!p || typeof p.p50 !== 'number') return undefined;
  return `${p.p50.toFixed(0)} / ${(p.p95 ?? p.p50).toFixed(0)} ms`;
}

function formatDuration(seconds) {
  if (typeof seconds !== 'number') return undefined;
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

function pollForever(task) {
  const run = async () => {
    if (!document.hidden) await task();
    setTimeout(run, POLL_INTERVAL_MS);
  };
  run();
}

// ---- leaving the page ------------------------------------------------------------------

// Tell the server the streams end now rather than letting it wait for the peers to time out.
window.addEventListener('pagehide', () => {
  const userId = encodeURIComponent(page.client.userId);
  for (const streamId of page.client.streams.keys()) {
    fetch(`/api/users/${userId}/streams/${encodeURIComponent(streamId)}`, { method: 'DELETE', keepalive: true }).catch(() => {});
  }
});

// ---- start -----------------------------------------------------------------------------

/** Opened from a push notification: show that alert's snapshot above the live feed. */
function showOpenedAlert() {
  const opened = openedAlert();
  if (!opened) return;
  const card = $('opened-alert');
  card.querySelector('.alert-id').textContent = opened.alertId;
  card.dataset.alertId = opened.alertId;
  if (opened.snapshotUrl) card.querySelector('.snapshot').src = opened.snapshotUrl;
  else card.querySelector('.snapshot').remove();
  card.hidden = false;
}

/** Who the server thinks this page is: {auth_mode, user_id}; user_id null when not signed in. */
async function whoAmI() {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
  if (response.status === 401) return { auth_mode: 'on', user_id: null };
  if (!response.ok) return { auth_mode: 'none', user_id: null };
  return response.json();
}

/**
 * Auth on: when the socket drops because the session ended (expired, signed out elsewhere, the
 * user deleted), the page goes back to its login form instead of retrying a refused socket forever.
 */
function watchSession(client) {
  return client.onConnectionChange(async (state) => {
    if (state !== 'reconnecting') return;
    const me = await whoAmI().catch(() => null);
    if (me && me.auth_mode !== 'none' && me.user_id === null) location.reload();
  });
}

/** Shows the login form until a sign-in succeeds (the session cookie is then set); resolves to the user id. */
function signIn() {
  $('login').hidden = false;
  $('user-id').readOnly = true;
  return new Promise((resolve) => {
    $('login-form').addEventListener('submit', async function submit(event) {
      event.preventDefault();
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: $('login-username').value.trim(), password: $('login-password').value }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        $('login-error').textContent = body.message ?? `sign-in failed (${response.status})`;
        $('login-error').hidden = false;
        return;
      }
      $('login-form').removeEventListener('submit', submit);
      $('login-password').value = '';
      $('login').hidden = true;
      resolve(body.user_id);
    });
  });
}

$('logout').addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
  location.reload();
});

async function start() {
  page.history = new HistoryView({ getClient: () => page.client, showError: (error, doing) => showMessage(describeError(error, doing)) });
  const opened = openedAlert();
  const me = await whoAmI().catch(() => ({ auth_mode: 'none', user_id: null }));
  if (me.auth_mode === 'none') {
    startClient(opened?.userId ?? storedUserId());
  } else {
    // Auth on: the user id is the signed-in user's; switching user means signing in again.
    const userId = me.user_id ?? (await signIn());
    $('user-id').readOnly = true;
    $('switch-user').hidden = true;
    $('logout').hidden = false;
    startClient(userId);
    page.unsubscribe.push(watchSession(page.client));
  }
  setUpNotificationButton();
  registerWorker();
  setUpPushButton($('notify-device'), () => page.client, showMessage);
  showOpenedAlert();
  refreshCameraList();
  try {
    page.config = { ...page.config, ...(await page.client.getConfig()) };
  } catch (error) {
    showMessage(describeError(error, 'Could not read the server configuration'));
  }
  updateStreamCount();
  pollForever(pollStreams);
  pollForever(pollStats);
}

// For tests and the console: the live client and page state.
window.vigil = page;
start();
