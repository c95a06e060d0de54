// The alert feed: newest first, capped so hundreds of alerts keep the page responsive.
// Alerts arriving in a burst are rendered together once per animation frame.

export class AlertFeed {
  constructor(list, counter, { cap = 200 } = {}) {
    this.list = list;
    this.counter = counter;
    this.cap = cap;
    this.received = 0;
    this.pending = [];
    this.scheduled = false;
  }

  /** Queues one "anomaly_detected" message; `source` = {camera, location} resolved by the app. */
  add(alert, source) {
    this.received++;
    this.pending.push({ alert, source, receivedAt: Date.now() });
    if (this.pending.length > this.cap) this.pending.splice(0, this.pending.length - this.cap);
    if (!this.scheduled) {
      this.scheduled = true;
      // rAF does not run in a hidden tab; a timeout keeps the feed current there too.
      const flush = () => this.flush();
      if (document.hidden) setTimeout(flush, 250);
      else requestAnimationFrame(flush);
    }
  }

  flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const fragment = document.createDocumentFragment();
    for (let i = batch.length - 1; i >= 0; i--) fragment.append(renderAlert(batch[i]));
    this.list.prepend(fragment);
    while (this.list.childElementCount > this.cap) this.list.lastElementChild.remove();
    this.updateCounter();
  }

  clear() {
    this.pending = [];
    this.list.replaceChildren();
    this.received = 0;
    this.updateCounter();
  }

  updateCounter() {
    const shown = this.list.childElementCount;
    this.counter.textContent = this.received > shown ? `${this.received} (latest ${shown} shown)` : String(this.received);
  }
}

function renderAlert({ alert, source, receivedAt }) {
  const result = alert.result ?? {};
  const item = el('li', { className: 'alert', dataset: { streamId: alert.stream_id ?? '' } });
  if (result.is_abnormal === false) item.classList.add('normal');

  if (alert.annotated_frame) {
    const format = alert.frame_format || 'jpeg';
    const image = el('img', {
      className: 'annotated',
      alt: `Annotated frame from ${source.camera}`,
      src: `data:image/${format};base64,${alert.annotated_frame}`,
      loading: 'lazy',
      decoding: 'async',
    });
    image.addEventListener('click', () => item.classList.toggle('enlarged'));
    item.append(image);
  }

  const when = new Date(typeof alert.timestamp === 'number' ? alert.timestamp : receivedAt);
  const behaviours = Array.isArray(alert.behaviours) && alert.behaviours.length > 0 ? alert.behaviours : ['anomaly'];
  item.append(el('div', { className: 'alert-body' }, [
    el('div', { className: 'alert-head' }, [
      el('strong', { className: 'camera', textContent: source.camera }),
      source.location ? el('span', { className: 'location muted', textContent: source.location }) : '',
      el('time', { dateTime: when.toISOString(), textContent: when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }), title: when.toLocaleString() }),
    ]),
    el('div', { className: 'behaviours' },
      behaviours.map((b) => el('span', { className: 'behaviour', textContent: String(b).replaceAll('_', ' ') }))),
    el('div', { className: 'alert-facts' }, [
      'person ', el('b', { className: 'person', textContent: String(result.person_id ?? '?') }),
      ' · score ', el('b', { className: 'score', textContent: formatScore(result.score) }),
      ' · ', el('b', { className: 'confidence', textContent: result.confidence ?? '?', dataset: { level: result.confidence ?? '' } }),
    ]),
    el('div', { className: 'alert-origin muted' }, [
      'stream ', el('code', { className: 'stream-id', textContent: shortId(alert.stream_id), title: alert.stream_id ?? '' }),
      ` · frame ${result.frame_number ?? '?'}`,
    ]),
  ]));
  return item;
}

function formatScore(score) {
  return typeof score === 'number' ? score.toFixed(2) : '?';
}

function shortId(id) {
  return id ? String(id).slice(0, 8) : '?';
}

/** Creates an element with properties (dataset merged) and children; text always goes in as text. */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  for (const child of children) if (child !== '' && child != null) node.append(child);
  return node;
}
