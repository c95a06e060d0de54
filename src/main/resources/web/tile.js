// One tile per video source: its live preview, camera name, stream_id, state, rates, zones and buttons.
// A tile owns its MediaStream (and, for a file, the object URL) and releases them when removed.
import { ZoneLayer } from './zones.js';

const STATE_LABELS = {
  preview: 'preview',
  connecting: 'connecting…',
  live: 'live',
  closing: 'closing…',
  closed: 'closed',
  failed: 'failed',
  remote: 'live (other page)',
};

export class Tile {
  /**
   * @param media the MediaStream to preview and send (null for a stream this page did not start)
   * @param metadata stream_metadata ({camera, location, zones, ...})
   * @param video for a file source: the <video> playing the file (shown as the preview)
   * @param handlers {start(tile), close(tile), zonesChanged(tile)}
   */
  constructor({ media, metadata, video = null, objectUrl = null, handlers }) {
    const template = document.getElementById('tile-template');
    // importNode, not cloneNode: a clone would belong to the template's inert document, and
    // adopting a playing <video> into the page later reloads it, which ends its captureStream tracks.
    this.element = document.importNode(template.content.firstElementChild, true);
    this.media = media;
    this.metadata = metadata;
    this.objectUrl = objectUrl;
    this.handlers = handlers;
    this.streamId = null;
    this.state = 'preview';
    this.alerts = 0;

    const $ = (selector) => this.element.querySelector(selector);
    this.parts = {
      preview: $('.preview'),
      cameraName: $('.camera-name'),
      location: $('.location'),
      state: $('.state'),
      streamId: $('.stream-id'),
      analysisFps: $('.analysis-fps'),
      decodeFps: $('.decode-fps'),
      resolution: $('.resolution'),
      framesAnalysed: $('.frames-analysed'),
      framesDropped: $('.frames-dropped'),
      alertTotal: $('.alert-total'),
      error: $('.tile-error'),
      editor: $('.zone-editor'),
      zoneName: $('.zone-name'),
      zoneSave: $('.zone-save'),
      start: $('.start'),
      drawZone: $('.draw-zone'),
      clearZones: $('.clear-zones'),
      close: $('.close'),
    };

    // A file source previews in the very <video> element that plays it (captureStream's source).
    const placeholder = $('video');
    if (video) {
      video.muted = true;
      video.playsInline = true;
      placeholder.replaceWith(video);
      this.video = video;
    } else {
      this.video = placeholder;
      if (media) this.video.srcObject = media;
      else this.parts.preview.classList.add('no-preview');
    }
    this.video.addEventListener('loadedmetadata', () => this.fitPreview());
    if (this.video.videoWidth) this.fitPreview();

    this.zones = new ZoneLayer($('.zone-layer'));
    this.zones.setZones(metadata.zones);
    this.zones.onDraftChange = (corners) => (this.parts.zoneSave.disabled = corners < 3);

    this.parts.cameraName.textContent = metadata.camera || 'camera';
    this.parts.location.textContent = metadata.location || metadata.filename || '';
    this.parts.start.addEventListener('click', () => handlers.start(this));
    this.parts.close.addEventListener('click', () => handlers.close(this));
    this.parts.drawZone.addEventListener('click', () => this.openZoneEditor());
    this.parts.zoneSave.addEventListener('click', () => this.saveZone());
    $('.zone-undo').addEventListener('click', () => this.zones.undo());
    $('.zone-cancel').addEventListener('click', () => this.closeZoneEditor());
    this.parts.clearZones.addEventListener('click', () => this.setZones([]));
    this.setState('preview');
    this.refreshZoneButtons();
  }

  get cameraName() {
    return this.metadata.camera || 'camera';
  }

  /** Gives the preview box the frame's aspect ratio so zone corners map 1:1 to frame positions. */
  fitPreview() {
    const { videoWidth, videoHeight } = this.video;
    if (videoWidth && videoHeight) this.parts.preview.style.aspectRatio = `${videoWidth} / ${videoHeight}`;
  }

  setState(state, detail = '') {
    this.state = state;
    this.element.dataset.state = state;
    this.parts.state.textContent = STATE_LABELS[state] ?? state;
    this.parts.state.title = detail;
    this.parts.start.hidden = !(state === 'preview' || state === 'failed');
    this.parts.start.textContent = state === 'failed' ? 'Retry' : 'Start streaming';
    this.parts.start.disabled = false;
    this.parts.close.textContent = state === 'closed' || state === 'failed' || state === 'preview' ? 'Remove' : 'Close';
    this.parts.drawZone.disabled = !this.media && state !== 'remote';
    if (state !== 'failed' && state !== 'closed') this.showError('');
  }

  setStreamId(streamId) {
    this.streamId = streamId;
    this.element.dataset.streamId = streamId ?? '';
    this.parts.streamId.textContent = streamId ?? '—';
    this.parts.streamId.title = streamId ?? '';
  }

  showError(message) {
    this.parts.error.textContent = message;
    this.parts.error.hidden = !message;
  }

  /** Applies the server's view of the stream (an entry of GET /api/users/{u}/streams). */
  updateFromServer(entry) {
    if (this.state === 'connecting' || this.state === 'live' || this.state === 'closing' || this.state === 'remote') {
      const serverState = entry.state === 'live' && !this.media ? 'remote' : entry.state;
      if (serverState && serverState !== this.state) this.setState(serverState);
    }
    this.parts.analysisFps.textContent = formatRate(entry.analysis_fps);
    this.parts.decodeFps.textContent = formatRate(entry.fps);
    this.parts.resolution.textContent = entry.width && entry.height ? `${entry.width}×${entry.height}` : '—';
    this.parts.framesAnalysed.textContent = entry.frames_analysed ?? 0;
    this.parts.framesDropped.textContent = entry.frames_dropped ?? 0;
    if (!this.media && entry.stream_metadata) {
      this.metadata = entry.stream_metadata;
      this.parts.cameraName.textContent = this.cameraName;
      this.parts.location.textContent = this.metadata.location || '';
      this.zones.setZones(this.metadata.zones);
      this.refreshZoneButtons();
    }
  }

  /** Counts an alert of this stream and makes the tile flash. */
  countAlert() {
    this.alerts++;
    this.parts.alertTotal.textContent = this.alerts;
    this.element.classList.remove('alerting');
    void this.element.offsetWidth; // restart the CSS animation
    this.element.classList.add('alerting');
  }

  openZoneEditor() {
    this.parts.editor.hidden = false;
    this.parts.drawZone.hidden = true;
    this.parts.zoneSave.disabled = true;
    this.parts.zoneName.value = '';
    this.zones.startDrawing();
  }

  closeZoneEditor() {
    this.zones.stopDrawing();
    this.parts.editor.hidden = true;
    this.parts.drawZone.hidden = false;
  }

  saveZone() {
    const existing = this.metadata.zones ?? [];
    const name = this.parts.zoneName.value.trim() || `zone ${existing.length + 1}`;
    const zone = this.zones.finish(name);
    this.closeZoneEditor();
    if (zone) this.setZones([...existing, zone]);
  }

  setZones(zones) {
    const metadata = { ...this.metadata };
    if (zones.length > 0) metadata.zones = zones;
    else delete metadata.zones;
    this.metadata = metadata;
    this.zones.setZones(zones);
    this.refreshZoneButtons();
    this.handlers.zonesChanged(this);
  }

  refreshZoneButtons() {
    this.parts.clearZones.hidden = !(this.metadata.zones?.length > 0);
  }

  /** Stops the camera or file and frees the preview. */
  release() {
    this.media?.getTracks().forEach((track) => track.stop());
    this.video.pause();
    this.video.srcObject = null;
    if (this.objectUrl) {
      this.video.removeAttribute('src');
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
    }
  }

  remove() {
    this.release();
    this.element.remove();
  }
}

function formatRate(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : '—';
}
