// D13: serveMonitor subscribes to the run only once its port is bound. Before, a synchronous run was
// consumed before listen(): a taken port then failed the server after the whole run had been spent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { defer, from } from 'rxjs';
import { serveMonitor } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

test('a port that is taken fails serveMonitor before the run is subscribed: the run is not spent', async () => {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  const port = (squatter.address() as { port: number }).port;
  let subscribed = false;
  const run$ = defer(() => {
    subscribed = true;
    return from(linregRun({ n: 100 }));
  });
  try {
    const message = await serveMonitor(run$, { port }).then(
      async (s) => (await s.close(), 'it listened'),
      (err: Error) => err.message,
    );
    assert.match(message, `serveMonitor could not listen on 127.0.0.1:${port}: listen EADDRINUSE`);
    assert.is(subscribed, false, 'the run was consumed although nobody could ever watch it');
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});

test('when a synchronous run is subscribed the port already accepts connections, and a late client gets the whole run', async () => {
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const port = (free.address() as { port: number }).port;
  await new Promise((resolve) => free.close(resolve));
  const events = linregRun({ n: 100 });
  let connectable: boolean | undefined;
  const run$ = defer(() => {
    // This process is busy running the subscription, but the kernel completes a connection to a
    // listening socket by itself: another process can connect exactly when listen() has happened.
    const probe = `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
    connectable = spawnSync(process.execPath, ['-e', probe], { timeout: 10_000 }).status === 0;
    return from(events);
  });
  const server = await serveMonitor(run$, { port });
  try {
    assert.is(connectable, true, 'the run was subscribed before the port was bound');
    const client = await connect(server.wsUrl);
    const hello = await client.waitFor((f) => f.type === 'hello');
    assert.is((hello as { seq: number }).seq, events.length);
  } finally {
    await server.close();
  }
});

test.run();
