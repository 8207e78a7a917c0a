// serve under a supervisor: SIGTERM closes the server and exits 143 (128 + 15, as a shell reports it);
// Ctrl-C, the way a person stops it, exits 0 (pipe.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCli } from './cli.js';

test('serve: SIGTERM closes the server and exits 143', async () => {
  const serve = startCli(['serve', '--stdin']);
  try {
    serve.stdin!.end('{"type":"error","message":"nothing to train"}\n');
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      serve.stderr!.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        const m = stderr.match(/^dashboard: (http:\/\/\S+)$/m);
        if (m) resolve(m[1]);
      });
      serve.on('close', () => reject(new Error(`serve exited before serving: ${stderr}`)));
    });
    assert.is((await fetch(url)).status, 200);
    const exited = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
    serve.kill('SIGTERM');
    assert.is(await exited, 143);
    await fetch(url).then(
      () => assert.unreachable('the server is closed'),
      (err: Error) => assert.instance(err, TypeError),
    );
  } finally {
    serve.kill('SIGKILL');
  }
});

test.run();
