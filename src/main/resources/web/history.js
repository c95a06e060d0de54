// The history view: the user's stored alerts from the server's alert store, newest first,
// filtered, paged by the API's cursor as the list scrolls, with review marks and an unreviewed
// count per camera. It reads only the history API; live alerts only make it refresh its counts.
import { el } from './feed.js';

const PAGE_SIZE = 30;
const SUMMARY_DEBOUNCE_MS = 500;

export class HistoryView {
  /** `getClient()` returns the page's current AnomalyDetectionClient (it changes on a user switch). */
  constructor({ getClient, showError }) {
    this.getClient = getClient;
    this.showError = showError;
    this.$ = (id) => document.getElementById(id);
    this.list = this.$('history-list');
    this.sentinel = this.$('history-more');
    this.cursor = null; // next_cursor of the last page, null when there is none
    this.generation = 0; // bumps on every reload so a late page of an old query is dropped
    this.loading = false;
    this.pageSize = PAGE_SIZE;
    this.newestId = 0; // the highest alert_id this view has seen (for "mark all reviewed")
    this.summaryTimer = null;
    this.knownCameras = new Set(); // cameras once counted: they stay listed, at 0, once reviewed

    this.$('history-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      this.reload();
    });
    this.$('history-filters').addEventListener('change', () => this.reload());
    this.$('mark-all-reviewed').addEventListener('click', () => this.markAllReviewed());
    this.$('history-new').addEventListener('click', () => this.reload());
    this.arrived = new Set(); // ids of live alerts newer than the list: offered, not pushed into it
    const dialog = this.$('snapshot-dialog');
    dialog.addEventListener('click', () => dialog.close());
    // More when the sentinel at the end of the list scrolls into view.
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadMore();
    }, { root: this.list.parentElement, rootMargin: '200px' });
    this.observer.observe(this.sentinel);
  }

  get userPath() {
    return `/api/users/${encodeURIComponent(this.getClient().userId)}/alerts`;
  }

  /** Another user: forget what this view knew of the previous one. */
  userChanged() {
    this.knownCameras.clear();
    this.newestId = 0;
    this.reload();
  }

  /** Starts over: the summary and the first page for the current filters. */
  async reload() {
    this.generation++;
    this.arrived.clear();
    this.listedNewest = 0; // the highest alert_id in the list (a replayed alert at or below it is listed)
    this.showArrived();
    this.cursor = null;
    this.loading = false;
    this.list.replaceChildren();
    this.sentinel.dataset.state = 'more';
    this.refreshSummary();
    await this.loadMore({ first: true });
  }

  filterQuery() {
    const form = this.$('history-filters');
    const query = new URLSearchParams({ limit: String(this.pageSize) });
    const camera = form.elements.camera.value.trim();
    const behaviour = form.elements.behaviour.value;
    const reviewed = form.elements.reviewed.value;
    if (camera) query.set('camera', camera);
    if (behaviour) query.set('behaviour', behaviour);
    if (reviewed) query.set('reviewed', reviewed);
    // Dates are the user's local days: since from the start of its day, until to the end of its day.
    if (form.elements.since.value) query.set('since', localDayStart(form.elements.since.value, 0));
    if (form.elements.until.value) query.set('until', localDayStart(form.elements.until.value, 1));
    return query;
  }

  async loadMore({ first = false } = {}) {
    if (this.loading || (!first && this.cursor === null)) return;
    this.loading = true;
    const generation = this.generation;
    const query = this.filterQuery();
    if (this.cursor) query.set('cursor', this.cursor);
    this.sentinel.dataset.state = 'loading';
    let page;
    try {
      page = await this.getClient().request('GET', `${this.userPath}?${query}`);
    } catch (error) {
      if (generation === this.generation) {
        this.loading = false;
        this.sentinel.dataset.state = 'failed';
        this.showError(error, 'Could not load the alert history');
      }
      return;
    }
    if (generation !== this.generation) return; // filters changed meanwhile
    this.loading = false;
    this.cursor = page.next_cursor ?? null;
    for (const alert of page.alerts) {
      this.newestId = Math.max(this.newestId, alert.alert_id);
      this.listedNewest = Math.max(this.listedNewest, alert.alert_id);
      this.list.append(this.render(alert));
    }
    // Replayed or live alerts that came in while this page was on its way are in it.
    for (const id of this.arrived) if (id <= this.listedNewest) this.arrived.delete(id);
    this.showArrived();
    this.sentinel.dataset.state = this.cursor ? 'more' : 'end';
    if (this.list.childElementCount === 0) this.sentinel.dataset.state = 'empty';
    // A short page leaves the sentinel in view, where the observer will not fire again.
    if (this.cursor && this.sentinelVisible()) this.loadMore();
  }

  sentinelVisible() {
    const box = this.sentinel.getBoundingClientRect();
    const root = this.list.parentElement.getBoundingClientRect();
    return box.height >= 0 && box.top < root.bottom + 200 && root.height > 0;
  }

  render(alert) {
    const result = alert.result ?? {};
    const when = new Date(alert.created_at ?? alert.timestamp);
    const camera = alert.camera ?? 'Unknown camera';
    const item = el('li', {
      className: 'history-item',
      dataset: { alertId: String(alert.alert_id), streamId: alert.stream_id ?? '', reviewed: String(alert.reviewed) },
    });
    if (alert.snapshot_url) {
      const thumb = el('img', {
        className: 'thumb', src: alert.snapshot_url, alt: `Snapshot of alert ${alert.alert_id} at ${camera}`,
        loading: 'lazy', decoding: 'async', title: 'Enlarge',
      });
      thumb.addEventListener('click', () => this.enlarge(alert, camera));
      item.append(thumb);
    } else {
      item.append(el('div', { className: 'thumb none', textContent: 'no snapshot' }));
    }
    const behaviours = Array.isArray(alert.behaviours) && alert.behaviours.length > 0 ? alert.behaviours : ['anomaly'];
    const button = el('button', { type: 'button', className: 'mark-reviewed', textContent: 'Mark reviewed', hidden: alert.reviewed });
    button.addEventListener('click', () => this.markReviewed([alert.alert_id]));
    item.append(el('div', { className: 'alert-body' }, [
      el('div', { className: 'alert-head' }, [
        el('strong', { className: 'camera', textContent: camera }),
        el('span', { className: 'alert-id muted', textContent: `#${alert.alert_id}` }),
        el('time', { dateTime: when.toISOString(), textContent: when.toLocaleString(), title: when.toISOString() }),
      ]),
      el('div', { className: 'behaviours' },
        behaviours.map((b) => el('span', { className: 'behaviour', dataset: { behaviour: b }, textContent: String(b).replaceAll('_', ' ') }))),
      el('div', { className: 'alert-facts' }, [
        `person ${result.person_id ?? '?'} · score ${typeof result.score === 'number' ? result.score.toFixed(2) : '?'} · ${result.confidence ?? '?'}`,
      ]),
      el('div', { className: 'review' }, [
        el('span', { className: 'review-state', textContent: alert.reviewed ? 'reviewed' : 'unreviewed' }),
        button,
      ]),
    ]));
    return item;
  }

  enlarge(alert, camera) {
    const dialog = this.$('snapshot-dialog');
    dialog.querySelector('img').src = alert.snapshot_url;
    dialog.querySelector('img').alt = `Snapshot of alert ${alert.alert_id} at ${camera}`;
    dialog.querySelector('.caption').textContent =
      `#${alert.alert_id} · ${camera} · ${(alert.behaviours ?? []).join(', ')} · ${new Date(alert.created_at).toLocaleString()}`;
    dialog.showModal();
  }

  async markReviewed(alertIds) {
    try {
      await this.getClient().request('POST', `${this.userPath}/reviewed`, { alert_ids: alertIds });
    } catch (error) {
      this.showError(error, 'Could not mark the alert reviewed');
      return;
    }
    for (const id of alertIds) {
      const item = this.list.querySelector(`li[data-alert-id="${id}"]`);
      if (item) this.showReviewed(item);
    }
    this.refreshSummary();
  }

  /** Every alert up to the newest this page knows of (the list's or the live socket's). */
  async markAllReviewed() {
    const newest = Math.max(this.newestId, this.getClient().lastAlertId() ?? 0);
    if (newest === 0) return;
    try {
      await this.getClient().request('POST', `${this.userPath}/reviewed`, { before_id: newest + 1 });
    } catch (error) {
      this.showError(error, 'Could not mark the alerts reviewed');
      return;
    }
    for (const item of this.list.children) if (Number(item.dataset.alertId) <= newest) this.showReviewed(item);
    this.refreshSummary();
  }

  showReviewed(item) {
    item.dataset.reviewed = 'true';
    item.querySelector('.review-state').textContent = 'reviewed';
    item.querySelector('.mark-reviewed').hidden = true;
  }

  /** A live alert arrived: the counts change (debounced, a burst asks once). */
  alertArrived(alert) {
    if (Number.isSafeInteger(alert.alert_id)) this.newestId = Math.max(this.newestId, alert.alert_id);
    clearTimeout(this.summaryTimer);
    this.summaryTimer = setTimeout(() => this.refreshSummary(), SUMMARY_DEBOUNCE_MS);
    // Without an alert_id (the store failed) it cannot be in the list either way: offer a reload.
    const id = Number.isSafeInteger(alert.alert_id) ? alert.alert_id : Number.MAX_SAFE_INTEGER - this.arrived.size;
    if (id <= (this.listedNewest ?? 0)) return;
    this.arrived.add(id);
    this.showArrived();
  }

  showArrived() {
    const button = this.$('history-new');
    const n = this.arrived.size;
    button.textContent = `${n} new alert${n === 1 ? '' : 's'}: show`;
    button.hidden = n === 0;
  }

  async refreshSummary() {
    let summary;
    try {
      summary = await this.getClient().request('GET', `${this.userPath}/summary`);
    } catch {
      this.$('unreviewed-cameras').dataset.stale = 'true';
      return;
    }
    delete this.$('unreviewed-cameras').dataset.stale;
    this.$('unreviewed-total').textContent = String(summary.unreviewed);
    this.$('unreviewed-total').hidden = summary.unreviewed === 0;
    const counts = new Map(summary.cameras.map((c) => [c.camera, c.unreviewed]));
    for (const camera of counts.keys()) this.knownCameras.add(camera);
    const cameras = [...this.knownCameras].map((camera) => ({ camera, unreviewed: counts.get(camera) ?? 0 }));
    this.$('unreviewed-cameras').replaceChildren(...cameras.map((c) => {
      const name = c.camera ?? 'Unknown camera';
      const chip = el('button', { type: 'button', className: 'camera-count', dataset: { camera: c.camera ?? '', unreviewed: String(c.unreviewed) }, title: `Show ${name}'s unreviewed alerts` }, [
        el('span', { className: 'name', textContent: name }),
        el('span', { className: 'count', textContent: String(c.unreviewed) }),
      ]);
      chip.addEventListener('click', () => {
        const form = this.$('history-filters');
        form.elements.camera.value = c.camera ?? '';
        form.elements.reviewed.value = 'false';
        this.reload();
      });
      return el('li', {}, [chip]);
    }));
    // The camera filter suggests the cameras known to have had alerts.
    this.$('history-camera-names').replaceChildren(...cameras.filter((c) => c.camera)
      .map((c) => el('option', { value: c.camera })));
  }
}

/** The ISO instant at the start of a local calendar day `yyyy-mm-dd` (plus `days`). */
function localDayStart(day, days) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}
