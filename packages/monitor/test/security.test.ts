// Who may connect (issue 12 #1, #2), with real HTTP requests and WebSocket upgrades on 127.0.0.1:
// Host and Origin checks against DNS rebinding and foreign pages, the token, the security headers.
// The browser side (a page on another origin, the token in the page's URL) is in dashboard-security-browser.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor } from '../src/index.js';
import { upgradeStatus } from './helpers/ws-client.js';

/** A raw HTTP GET with exactly these headers (fetch would not let a test forge `Host`). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}


test('a foreign Host header (DNS rebinding) gets 403 on the page and on the upgrade; loopback names pass', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  const p = server.port;
  try {
    const page = await get(p, '/', { host: `attacker.example:${p}` });
    assert.is(page.status, 403);
    assert.is(page.body, `host not allowed: attacker.example:${p}. The monitor answers to 127.0.0.1, localhost, [::1] and the host it is bound to, 127.0.0.1 (allowedOrigins adds more).\n`);
    assert.is((await get(p, '/app.js', { host: `attacker.example:${p}` })).status, 403);
    assert.is((await get(p, '/', {})).status, 400, 'no Host at all: Node refuses HTTP/1.1 without one');
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `LocalHost:${p}`, `[::1]:${p}`]) assert.is((await get(p, '/', { host })).status, 200, host);
    assert.is(await upgradeStatus(server.wsUrl, { headers: { host: `attacker.example:${p}` } }), 403);
    assert.is(await upgradeStatus(server.wsUrl, { headers: { host: `localhost:${p}` } }), 101);
  } finally {
    await server.close();
  }
});

test('only the monitor\'s own page origins may upgrade by default; allowedOrigins adds more; no Origin passes', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>());
  const p = server.port;
  const other = await serveMonitor(new Subject<TrainEvent>(), { allowedOrigins: ['http://dev.example:5173'] });
  try {
    for (const origin of [`http://127.0.0.1:${p}`, `http://localhost:${p}`, `http://[::1]:${p}`]) assert.is(await upgradeStatus(server.wsUrl, { origin }), 101, origin);
    for (const origin of [`http://127.0.0.1:${p + 1}`, 'http://evil.example', 'null', `https://127.0.0.1:${p}`]) assert.is(await upgradeStatus(server.wsUrl, { origin }), 403, origin);
    assert.is(await upgradeStatus(server.wsUrl), 101, 'a non-browser client sends no Origin');
    const fetched = await get(p, '/', { host: `127.0.0.1:${p}`, origin: 'http://evil.example' });
    assert.is(fetched.status, 403);
    assert.is(fetched.body, 'origin not allowed: http://evil.example. Pages of other origins need allowedOrigins.\n');
    // allowedOrigins: that origin may connect, and its host name is accepted in Host (a page served there).
    assert.is(await upgradeStatus(other.wsUrl, { origin: 'http://dev.example:5173' }), 101);
    assert.is(await upgradeStatus(other.wsUrl, { origin: 'http://dev.example:5174' }), 403);
    assert.is((await get(other.port, '/', { host: 'dev.example:5173' })).status, 200);
  } finally {
    await Promise.all([server.close(), other.close()]);
  }
});

test('every HTTP answer says no-referrer and no framing; /token-check tells the page whether its token is right', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { token: 'tok' });
  const open = await serveMonitor(new Subject<TrainEvent>());
  const p = server.port;
  try {
    for (const path of ['/', '/app.js', '/missing']) {
      const res = await get(p, path, { host: `127.0.0.1:${p}` });
      assert.is(res.headers['referrer-policy'], 'no-referrer', path);
      assert.is(res.headers['x-frame-options'], 'DENY', path);
      assert.is(res.headers['content-security-policy'], "frame-ancestors 'none'", path);
    }
    assert.is((await get(p, '/token-check', { host: `127.0.0.1:${p}` })).status, 401);
    assert.is((await get(p, '/token-check', { host: `127.0.0.1:${p}`, authorization: 'Bearer nope' })).status, 401);
    assert.is((await get(p, '/token-check', { host: `127.0.0.1:${p}`, authorization: 'Bearer tok' })).status, 204);
    assert.is((await get(open.port, '/token-check', { host: `127.0.0.1:${open.port}` })).status, 204, 'no token needed');
    assert.is(await upgradeStatus(`ws://127.0.0.1:${p}/`), 401);
  } finally {
    await Promise.all([server.close(), open.close()]);
  }
});

test('bound to every interface, the machine\'s own addresses are accepted hosts, foreign names are not', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { host: '0.0.0.0' });
  const p = server.port;
  try {
    assert.is((await get(p, '/', { host: `127.0.0.1:${p}` })).status, 200);
    const refused = await get(p, '/', { host: `attacker.example:${p}` });
    assert.is(refused.status, 403);
    assert.is(refused.body, `host not allowed: attacker.example:${p}. The monitor answers to 127.0.0.1, localhost, [::1] and this machine's addresses and its name, ${hostname()} (it is bound to 0.0.0.0) (allowedOrigins adds more).\n`);
    // The URL it gives names the machine, not 0.0.0.0 (which the gatekeeper refuses as a Host), and that URL is served.
    assert.is(server.url, `http://${hostname()}:${p}/`);
    assert.is((await get(p, '/', { host: new URL(server.url).host })).status, 200);
    assert.is((await get(p, '/', { host: `0.0.0.0:${p}` })).status, 403);
  } finally {
    await server.close();
  }
});

test.run();
