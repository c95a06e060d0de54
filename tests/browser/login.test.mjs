// Mode local through the page: the login form, a wrong password refused, the right one signs in
// (session cookie), the alert socket connects as the signed-in user, the page's client then
// works same-origin with the cookie (list, close all), and signing out ends the session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, waitFor } from './lib/browser.mjs';
import { clips } from './lib/suite.mjs';
import { VigilServer } from './lib/server.mjs';

const PASSWORD = 'browser-admin-pw';
let server;
let browser;

before(async () => {
  server = new VigilServer({ name: 'login', env: { VIGIL_AUTH_MODE: 'local', VIGIL_ADMIN_PASSWORD: PASSWORD } });
  await server.start();
  // A plain user, made by the admin through the API (the page then signs in as them).
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const { token } = await login.json();
  const created = await fetch(`${server.url}/api/admin/users`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ username: 'carol', password: 'carol-password' }) });
  assert.equal(created.status, 201);
  browser = await launchBrowser({ camera: undefined });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the page asks to sign in, refuses a wrong password, then connects as the user', async () => {
  const { page } = browser;
  await page.goto(server.url + '/');
  await page.waitForSelector('#login:not([hidden])');
  assert.equal(await page.getAttribute('#socket-state', 'data-state'), 'disconnected');
  const before = await server.json('/api/users/carol/streams');
  assert.equal(before.status, 401, 'no cookie, no access');

  await page.fill('#login-username', 'carol');
  await page.fill('#login-password', 'wrong-password');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /wrong username or password/);

  await page.fill('#login-password', 'carol-password');
  await page.click('#login-submit');
  await waitFor('the alert socket', async () => (await page.getAttribute('#socket-state', 'data-state')) === 'connected');
  assert.equal(await page.evaluate(() => window.vigil.client.userId), 'carol');
  assert.equal(await page.inputValue('#user-id'), 'carol');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'vigil_session');
  assert.ok(session?.httpOnly, 'HttpOnly session cookie');
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('vigil_session')), false, 'script cannot read it');

  // The page's client, same origin, carried by the cookie.
  const listed = await page.evaluate(async () => window.vigil.client.request('GET', '/api/users/carol/streams').then(
    (r) => ({ ok: true, r }), (e) => ({ ok: false, status: e.status })));
  assert.ok(listed.ok || listed.status === 404, JSON.stringify(listed));
  const stranger = await page.evaluate(async () => window.vigil.client.request('GET', '/api/users/someone_else/streams').then(
    () => 200, (e) => e.status));
  assert.equal(stranger, 403);
  const stats = await page.evaluate(async () => (await fetch('/api/stats')).status);
  assert.equal(stats, 403, 'stats are the admin\'s');

  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  const afterLogout = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  assert.equal(afterLogout, 401);
});
