// "Notify me on this device": registers Vigil's service worker (sw.js), subscribes this browser
// to Web Push with the server's VAPID key and hands the subscription to the server, which then
// pushes every alert of the user to it, also while no Vigil page is open.

const SUBSCRIBE_TIMEOUT_MS = 20000;

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** Registers the worker (cheap; it also handles clicks on notifications). Resolves to the registration or null. */
export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  } catch {
    return null;
  }
}

function base64UrlToBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/**
 * Wires the button: hidden where the browser cannot do Web Push.
 * @param client the page's AnomalyDetectionClient (its request() and userId)
 * @param showMessage (text, kind) for the outcome
 */
export function setUpPushButton(button, getClient, showMessage) {
  if (!supported()) {
    button.hidden = true;
    return;
  }
  button.hidden = false;
  button.onclick = async () => {
    const client = getClient();
    button.disabled = true;
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        showMessage('Notifications are blocked for this page in the browser settings');
        return;
      }
      const registration = (await registerWorker()) ?? (await navigator.serviceWorker.ready);
      const { public_key: key } = await client.request('GET', '/api/webpush/public-key');
      // The browser registers with its vendor's push service; without a way there it may never answer.
      const subscription = await Promise.race([
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) }),
        new Promise((resolve, reject) => setTimeout(
          () => reject(new Error(`the browser's push service did not answer within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`)),
          SUBSCRIBE_TIMEOUT_MS)),
      ]);
      await client.request('POST', `/api/users/${encodeURIComponent(client.userId)}/push-subscriptions`,
        subscription.toJSON());
      button.textContent = 'Notifying this device';
      showMessage(`This device now gets ${client.userId}'s alerts as notifications`, 'notice');
    } catch (error) {
      showMessage(`Could not subscribe this device to notifications: ${error?.message ?? error}`);
    } finally {
      button.disabled = false;
    }
  };
}

/** The alert a notification click opened the page at (?alert=ID&user=...&snapshot=URL), or null. */
export function openedAlert() {
  const params = new URLSearchParams(location.search);
  const alertId = params.get('alert');
  return alertId ? { alertId, userId: params.get('user'), snapshotUrl: params.get('snapshot') } : null;
}
