// AnomalyDetectionClient: the client class of the frontend guide (the seed), with the same
// method names and behaviour, hardened where the guide is fragile:
//  - ICE servers come from the server (GET /api/config), not a hard-coded public STUN host;
//  - ICE gathering is awaited with a timeout, so a blocked STUN/TURN server cannot hang addStream;
//  - mDNS ".local" host candidates are dropped from the offer (resolving them sends multicast
//    traffic off the machine, and the server cannot resolve them anyway);
//  - the alert WebSocket reconnects with exponential backoff; listeners survive reconnects;
//  - API failures throw ApiError carrying the server's {"error","message"};
//  - streams the server ends (message "stream_closed") are closed here too.
// Plain ES module, no dependencies: `import { AnomalyDetectionClient } from '/client.js'`.

/** An HTTP API failure: `status` (e.g. 429), `code` (server's "error") and the server's message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const USER_ID_KEY = 'userId'; // the key the guide uses

/** The user id kept in localStorage (created once, as in the guide's step 1). */
export function storedUserId(storage = globalThis.localStorage) {
  let userId = storage?.getItem(USER_ID_KEY);
  if (!userId) {
    userId = 'user_' + randomUuid();
    storage?.setItem(USER_ID_KEY, userId);
  }
  return userId;
}

export function saveUserId(userId, storage = globalThis.localStorage) {
  storage?.setItem(USER_ID_KEY, userId);
}

// crypto.randomUUID exists only in secure contexts (https or localhost); getRandomValues everywhere.
function randomUuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Removes ICE candidates whose address is an mDNS name (Chromium's "<uuid>.local" host
 * candidates) and any default address that is one. The server answers with its own candidates
 * and learns the browser's address from its connectivity checks (peer-reflexive), so the
 * connection still forms without them.
 */
export function withoutMdnsCandidates(sdp) {
  const isMdns = (address) => /\.local\.?$/i.test(address);
  return sdp
    .split(/\r\n/)
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      const address = line.split(' ')[4] ?? '';
      return !isMdns(address);
    })
    .map((line) => {
      const c = line.match(/^c=IN (IP4|IP6) (\S+)$/);
      if (c && isMdns(c[2])) return 'c=IN IP4 0.0.0.0';
      return line;
    })
    .join('\r\n');
}

const DEFAULTS = {
  iceGatheringTimeoutMs: 5000,
  reconnectInitialDelayMs: 500,
  reconnectMaxDelayMs: 15000,
  requestTimeoutMs: 20000,
};

export class AnomalyDetectionClient {
  /**
   * @param userId the user whose streams and alerts this client handles
   * @param backendUrl server origin; defaults to the page's own origin when served by Vigil
   *        (the guide's default was http://localhost:8000)
   * @param options see DEFAULTS
   */
  constructor(userId, backendUrl = globalThis.location?.origin ?? 'http://localhost:8000', options = {}) {
    this.userId = userId;
    this.backendUrl = backendUrl.replace(/\/+$/, '');
    this.wsUrl = this.backendUrl.replace(/^http/, 'ws');
    this.options = { ...DEFAULTS, ...options };
    this.websocket = null;
    this.streams = new Map(); // streamId -> { pc, metadata, mediaStream }
    this.listeners = { anomaly: new Set(), streamClosed: new Set(), connection: new Set(), message: new Set() };
    this.connectionState = 'disconnected'; // disconnected | connecting | connected | reconnecting
    this.reconnectAttempt = 0;
    this.reconnectTimer = null;
    this.wantSocket = false;
    this.configPromise = null;
  }

  // ---- alert WebSocket -------------------------------------------------------------------

  /**
   * Opens the alert WebSocket. Resolves once it is open; rejects if the first attempt fails
   * (as the guide's does), while the client keeps retrying with backoff until disconnect().
   */
  connect() {
    this.wantSocket = true;
    return new Promise((resolve, reject) => this.openSocket(resolve, reject));
  }

  openSocket(resolve, reject) {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    // With the last alert_id seen (also by an earlier visit of this page), the server first
    // replays every alert stored after it: nothing raised while the page was closed or the
    // socket was down is missed.
    const since = this.lastAlertId();
    const url = `${this.wsUrl}/ws/alerts/${encodeURIComponent(this.userId)}${since === null ? '' : `?since=${since}`}`;
    const socket = new WebSocket(url);
    this.websocket = socket;
    this.setConnectionState(this.reconnectAttempt === 0 ? 'connecting' : 'reconnecting');
    let opened = false;

    socket.onopen = () => {
      opened = true;
      this.reconnectAttempt = 0;
      this.setConnectionState('connected');
      resolve?.();
    };
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onerror = () => {
      if (!opened) reject?.(new Error(`Could not open the alert socket ${url}`));
      resolve = reject = null;
    };
    socket.onclose = (event) => {
      if (this.websocket !== socket) return; // replaced by a newer socket
      this.websocket = null;
      if (!opened) reject?.(new Error(`Could not open the alert socket ${url}`));
      resolve = reject = null;
      if (this.wantSocket) this.scheduleReconnect(event);
      else this.setConnectionState('disconnected');
    };
  }

  scheduleReconnect(closeEvent) {
    const { reconnectInitialDelayMs, reconnectMaxDelayMs } = this.options;
    const exponential = reconnectInitialDelayMs * 2 ** this.reconnectAttempt;
    // Jitter keeps many pages from reconnecting in lockstep after a server restart.
    const delay = Math.min(reconnectMaxDelayMs, exponential) * (0.75 + Math.random() * 0.5);
    this.reconnectAttempt++;
    this.nextReconnectAt = Date.now() + delay;
    this.setConnectionState('reconnecting', { delayMs: Math.round(delay), code: closeEvent?.code });
    this.reconnectTimer = setTimeout(() => this.openSocket(), delay);
  }

  handleMessage(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return; // not ours
    }
    for (const listener of this.listeners.message) listener(data);
    if (data.type === 'anomaly_detected') {
      this.rememberAlertId(data.alert_id);
      for (const listener of this.listeners.anomaly) listener(data);
    } else if (data.type === 'stream_closed') {
      this.forgetStream(data.stream_id);
      for (const listener of this.listeners.streamClosed) listener(data);
    }
  }

  /** The highest alert_id this browser has seen for the user, or null (kept in localStorage). */
  lastAlertId() {
    if (Number.isSafeInteger(this.seenAlertId)) return this.seenAlertId;
    try {
      const stored = Number(globalThis.localStorage?.getItem(this.alertIdKey()));
      if (Number.isSafeInteger(stored) && stored > 0) this.seenAlertId = stored;
    } catch {
      // storage disabled: remember for this page only
    }
    return Number.isSafeInteger(this.seenAlertId) ? this.seenAlertId : null;
  }

  rememberAlertId(alertId) {
    if (!Number.isSafeInteger(alertId) || alertId <= (this.lastAlertId() ?? 0)) return;
    this.seenAlertId = alertId;
    try {
      globalThis.localStorage?.setItem(this.alertIdKey(), String(alertId));
    } catch {
      // storage disabled or full: kept in memory
    }
  }

  alertIdKey() {
    return `vigil.lastAlertId.${this.userId}`;
  }

  setConnectionState(state, detail = {}) {
    this.connectionState = state;
    for (const listener of this.listeners.connection) listener(state, detail);
  }

  /** Calls back with every "anomaly_detected" message, across reconnects. Returns an unsubscribe function. */
  onAnomaly(callback) {
    return this.subscribe('anomaly', callback);
  }

  /** Calls back with every "stream_closed" message (stream ended by the server). */
  onStreamClosed(callback) {
    return this.subscribe('streamClosed', callback);
  }

  /** Calls back with (state, detail) when the socket connects, drops or is retrying. */
  onConnectionChange(callback) {
    return this.subscribe('connection', callback);
  }

  /** Calls back with every message on the socket, whatever its type. */
  onMessage(callback) {
    return this.subscribe('message', callback);
  }

  subscribe(kind, callback) {
    this.listeners[kind].add(callback);
    return () => this.listeners[kind].delete(callback);
  }

  // ---- streams ---------------------------------------------------------------------------

  /** GET /api/config, once; a server without it means "no ICE servers, default limits". */
  async getConfig() {
    this.configPromise ??= this.request('GET', '/api/config').catch((error) => {
      this.configPromise = null;
      if (error instanceof ApiError && error.status === 404) return { ice_servers: [] };
      throw error;
    });
    return this.configPromise;
  }

  /**
   * Sends mediaStream's video to the server as a new stream (POST /api/offer) and resolves with
   * its stream_id. Throws ApiError with the server's message when the server refuses it.
   * Only video tracks are sent: the server analyses video, and a file's audio would only cost bandwidth.
   */
  async addStream(mediaStream, metadata = {}) {
    const config = await this.getConfig();
    const pc = new RTCPeerConnection({ iceServers: config.ice_servers ?? [] });
    try {
      const videoTracks = mediaStream.getVideoTracks();
      if (videoTracks.length === 0) throw new Error('This source has no video track');
      const [sender] = videoTracks.map((track) => pc.addTrack(track, mediaStream));
      // A <video>'s captureStream() gets a new track when the element reloads its source:
      // keep sending whatever the stream currently carries.
      mediaStream.addEventListener('addtrack', ({ track }) => {
        if (track.kind === 'video' && pc.signalingState !== 'closed') sender.replaceTrack(track).catch(() => {});
      });

      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await this.iceGatheringComplete(pc);

      const answer = await this.request('POST', '/api/offer', {
        sdp: withoutMdnsCandidates(pc.localDescription.sdp),
        type: pc.localDescription.type,
        user_id: this.userId,
        stream_metadata: metadata,
      });
      const { sdp, type, stream_id } = answer;
      await pc.setRemoteDescription({ sdp, type });

      this.streams.set(stream_id, { pc, metadata, mediaStream });
      return stream_id;
    } catch (error) {
      pc.close();
      throw error;
    }
  }

  /** Resolves when ICE gathering completes, or after the timeout with what was gathered so far. */
  iceGatheringComplete(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      const check = () => {
        if (pc.iceGatheringState === 'complete') done();
      };
      const timer = setTimeout(done, this.options.iceGatheringTimeoutMs);
      pc.addEventListener('icegatheringstatechange', check);
    });
  }

  /** DELETE one stream. A stream the server already ended (404) counts as removed. */
  async removeStream(streamId) {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    try {
      await this.request('DELETE', `/api/users/${encodeURIComponent(this.userId)}/streams/${encodeURIComponent(streamId)}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    } finally {
      this.forgetStream(streamId);
    }
  }

  /** DELETE every stream of the user, close the peer connections and the alert socket. */
  async disconnect() {
    this.wantSocket = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    try {
      await this.request('DELETE', `/api/users/${encodeURIComponent(this.userId)}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    } finally {
      for (const streamId of [...this.streams.keys()]) this.forgetStream(streamId);
      if (this.websocket) this.websocket.close();
      this.setConnectionState('disconnected');
    }
  }

  /** Closes only the alert socket (no server-side change), e.g. before switching user. */
  closeSocket() {
    this.wantSocket = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.websocket;
    this.websocket = null;
    socket?.close();
    this.setConnectionState('disconnected');
  }

  getStreamMetadata(streamId) {
    return this.streams.get(streamId)?.metadata;
  }

  /** PUT new stream_metadata (e.g. zones drawn after the stream started); resolves with the stream entry. */
  async updateStreamMetadata(streamId, metadata) {
    const entry = await this.request('PUT',
      `/api/users/${encodeURIComponent(this.userId)}/streams/${encodeURIComponent(streamId)}/metadata`, metadata);
    const stream = this.streams.get(streamId);
    if (stream) stream.metadata = metadata;
    return entry;
  }

  /** GET /api/users/{user_id}/streams: the server's view of this user's streams. */
  async listStreams() {
    try {
      const body = await this.request('GET', `/api/users/${encodeURIComponent(this.userId)}/streams`);
      return body.streams ?? [];
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return []; // user has no streams
      throw error;
    }
  }

  getStats() {
    return this.request('GET', '/api/stats');
  }

  forgetStream(streamId) {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    stream.pc.close();
    this.streams.delete(streamId);
  }

  /** JSON request; throws ApiError with the server's message on a non-2xx answer. */
  async request(method, path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.requestTimeoutMs);
    let response;
    try {
      response = await fetch(this.backendUrl + path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      const reason = error.name === 'AbortError' ? 'timed out' : 'failed';
      throw new ApiError(0, 'unreachable', `The server did not answer (${method} ${path} ${reason})`);
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const code = json?.error ?? `http_${response.status}`;
      const message = json?.message ?? (text.trim() || `${method} ${path} answered ${response.status}`);
      throw new ApiError(response.status, code, message);
    }
    return json;
  }
}
