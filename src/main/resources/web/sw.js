// Vigil's service worker: shows a Web Push alert as a notification naming the camera and the
// behaviour, and opens the page at that alert when the notification is clicked. The push
// payload is the server's summary: {type, alert_id, user_id, stream_id, camera, behaviours,
// person_id, confidence, time, snapshot_url} (no image: push messages are at most 4 KB).

/** The notification for one alert summary: [title, options]. */
function notificationFor(alert) {
  const camera = alert.camera || 'a camera';
  const behaviours = (alert.behaviours || []).map((b) => b.replace(/_/g, ' '));
  const what = behaviours.length ? behaviours.join(', ') : 'anomaly';
  const when = alert.time ? new Date(alert.time).toLocaleTimeString() : '';
  const params = new URLSearchParams({ alert: String(alert.alert_id ?? '') });
  if (alert.user_id) params.set('user', alert.user_id);
  if (alert.snapshot_url) params.set('snapshot', alert.snapshot_url);
  return [`${what[0].toUpperCase()}${what.slice(1)} at ${camera}`, {
    body: `Person ${alert.person_id ?? '?'} (${alert.confidence || '?'} confidence)${when ? ` at ${when}` : ''}`,
    tag: `vigil-${alert.alert_id}`,
    timestamp: alert.time,
    requireInteraction: true,
    data: { url: `/?${params}#alert-${alert.alert_id}`, alert },
  }];
}

/** Handles one push message's data (a PushMessageData, or anything with json()). */
async function handlePush(data) {
  let alert;
  try {
    alert = data ? data.json() : {};
  } catch {
    alert = { behaviours: [], camera: null };
  }
  const [title, options] = notificationFor(alert);
  await self.registration.showNotification(title, options);
  return { title, options };
}

self.addEventListener('push', (event) => event.waitUntil(handlePush(event.data)));

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin === self.location.origin && 'navigate' in client) {
        await client.focus();
        return client.navigate(url);
      }
    }
    return self.clients.openWindow(url);
  })());
});

// Take over at once: a new version of this worker need not wait for every tab to close.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// For tests and debugging from the page's console (chromium without internet has no push service).
self.vigil = { handlePush, notificationFor };
