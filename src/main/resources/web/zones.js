// Draws a stream's zones over its preview and lets the user click out a new polygon.
// Points are normalised to the frame (0..1 of width and height), the form the server reads from
// stream_metadata.zones. The preview box has the video's aspect ratio (set by app.js), so the
// canvas covers exactly the picture and a click's offset over the box size is the frame position.

export class ZoneLayer {
  constructor(canvas) {
    this.canvas = canvas;
    this.zones = [];
    this.draft = null; // points of the polygon being drawn, or null when not drawing
    this.onDraftChange = () => {};
    canvas.addEventListener('click', (event) => {
      if (!this.draft) return;
      const box = canvas.getBoundingClientRect();
      const x = clamp01((event.clientX - box.left) / box.width);
      const y = clamp01((event.clientY - box.top) / box.height);
      this.draft.push([round4(x), round4(y)]);
      this.redraw();
      this.onDraftChange(this.draft.length);
    });
    new ResizeObserver(() => this.redraw()).observe(canvas);
  }

  setZones(zones) {
    this.zones = zones ?? [];
    this.redraw();
  }

  startDrawing() {
    this.draft = [];
    this.canvas.classList.add('drawing');
    this.redraw();
  }

  undo() {
    this.draft?.pop();
    this.redraw();
    this.onDraftChange(this.draft?.length ?? 0);
  }

  /** Ends drawing and returns the new zone, or null if fewer than 3 corners were placed. */
  finish(name) {
    const points = this.draft;
    this.stopDrawing();
    if (!points || points.length < 3) return null;
    return { name, kind: 'restricted', polygon: points };
  }

  stopDrawing() {
    this.draft = null;
    this.canvas.classList.remove('drawing');
    this.redraw();
  }

  redraw() {
    const canvas = this.canvas;
    const ratio = globalThis.devicePixelRatio || 1;
    const width = Math.round(canvas.clientWidth * ratio);
    const height = Math.round(canvas.clientHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    g.lineWidth = 2 * ratio;
    g.font = `${12 * ratio}px system-ui, sans-serif`;
    for (const zone of this.zones) {
      if (!Array.isArray(zone.polygon) || zone.polygon.length < 3) continue;
      tracePath(g, zone.polygon, width, height, true);
      g.fillStyle = 'rgba(220, 38, 38, 0.22)';
      g.fill();
      g.strokeStyle = 'rgba(239, 68, 68, 0.95)';
      g.stroke();
      const [x, y] = zone.polygon[0];
      g.fillStyle = '#fff';
      g.fillText(zone.name || 'zone', x * width + 4 * ratio, y * height + 14 * ratio);
    }
    if (this.draft && this.draft.length > 0) {
      tracePath(g, this.draft, width, height, this.draft.length >= 3);
      g.strokeStyle = '#facc15';
      g.setLineDash([6 * ratio, 4 * ratio]);
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = '#facc15';
      for (const [x, y] of this.draft) {
        g.beginPath();
        g.arc(x * width, y * height, 3.5 * ratio, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }
}

function tracePath(g, points, width, height, close) {
  g.beginPath();
  points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x * width, y * height) : g.lineTo(x * width, y * height)));
  if (close) g.closePath();
}

const clamp01 = (v) => Math.min(1, Math.max(0, v));
const round4 = (v) => Math.round(v * 10000) / 10000;
