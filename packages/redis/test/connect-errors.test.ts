// What a person reads when a connection fails for a reason the client's message does not say, against a real
// redis-server (with a password) and a real HTTP server on loopback: TLS to a plain port, no password, not Redis at all.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectRedis } from '../src/redis-client.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer;
let http: Server;
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

test.before(async () => {
  redis = await startRedis({ password: 'pw' });
  http = createServer((_req, res) => res.end('hi')).listen(0, '127.0.0.1');
  await once(http, 'listening');
  process.on('warning', onWarning);
});
test.after(async () => {
  process.off('warning', onWarning);
  http.close();
  await redis.stop();
});

const failure = (url: string) => connectRedis(url, 'test', 1000).then(() => 'connected', (err: Error) => err.message);

test('rediss:// to a plain port: the timeout says to check for TLS, and an IP address sends no SNI name (no DEP0123 warning)', async () => {
  assert.is(await failure(`rediss://:pw@127.0.0.1:${redis.port}`), `cannot connect to Redis at rediss://:***@127.0.0.1:${redis.port}: no answer within 1000 ms (rediss:// speaks TLS: is this a TLS port? A plain Redis port takes redis://)`);
  await new Promise((r) => setImmediate(r));
  assert.equal(warnings, []);
});

test('no password where one is needed, and a port that does not speak Redis, say so', async () => {
  assert.match(await failure(`redis://127.0.0.1:${redis.port}`), / \(this server needs a password: redis:\/\/:PASSWORD@host:port, or redis:\/\/USER:PASSWORD@…\)$/);
  const port = (http.address() as AddressInfo).port;
  assert.match(await failure(`redis://127.0.0.1:${port}`), new RegExp(`^cannot connect to Redis at redis://127\\.0\\.0\\.1:${port}: Unknown RESP type .* \\(what answers at this port does not speak Redis: an HTTP server\\?\\)$`));
});

test.run();
