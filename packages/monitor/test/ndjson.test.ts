import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { from, lastValueFrom, toArray } from 'rxjs';
import { toNdjsonLine, type TrainEvent } from '@gradstream/events';
import { fromNdjson, serveMonitor, toNdjson, type HelloFrame } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-ndjson-'));
const events = linregRun();

test('toNdjson writes one line per event and passes the events on unchanged; fromNdjson reads them back', async () => {
  const file = join(dir, 'run.ndjson');
  const passed = await lastValueFrom(from(events).pipe(toNdjson(file), toArray()));
  assert.equal(passed, events);
  assert.is(readFileSync(file, 'utf8'), events.map(toNdjsonLine).join(''));
  assert.equal(await lastValueFrom(fromNdjson(file).pipe(toArray())), events);
});

test('what toNdjson recorded is in the file even when the process is killed right after', async () => {
  const file = join(dir, 'killed.ndjson');
  const fixture = fileURLToPath(new URL('./fixtures/record-then-die.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@gradstream/source', '--import', 'tsx', fixture, file], { stdio: 'ignore' });
  const signal = await new Promise((resolve) => child.on('close', (_code, s) => resolve(s)));
  assert.is(signal, 'SIGKILL');
  // The recording stops before done: reading it back says so (issue 12 #5).
  const cut = { type: 'error', message: `the event stream ended before the run finished (${file}: 50 events, no done or error event)` };
  assert.equal(await lastValueFrom(fromNdjson(file).pipe(toArray())), [...events.slice(0, 50), cut]);
});

test('fromNdjson reads a stream (as `gradstream serve --stdin` does), skipping blank lines', async () => {
  const text = events.slice(0, 5).map(toNdjsonLine).join('\n') + '\n\n';
  const read = await lastValueFrom(fromNdjson(Readable.from([text.slice(0, 37), text.slice(37)])).pipe(toArray()));
  assert.equal(read, [...events.slice(0, 5), { type: 'error', message: 'the event stream ended before the run finished (stream: 5 events, no done or error event)' }]);
});

test('errors name the file or stream and the line', async () => {
  const file = join(dir, 'bad.ndjson');
  writeFileSync(file, toNdjsonLine(events[0]) + toNdjsonLine(events[1]) + '{"type":"step","epoch":1}\n');
  const message = (source: string | Readable, options = {}) =>
    lastValueFrom(fromNdjson(source, options)).then(
      () => 'no error',
      (err: Error) => err.message,
    );
  assert.is(await message(file), `invalid step event in ${file}:3. step must be a JSON number. Value: \`undefined\`.`);
  assert.is(await message(Readable.from(['{"type":\n'])), 'invalid event in stream:1. A line must be one JSON object. Unexpected end of JSON input.');
  assert.is(await message(Readable.from(['\n\n{"type":"stop"}\n']), { name: 'stdin' }), 'invalid event in stdin:3. type must be one of run, step, explain, epoch, done, error. Value: `"stop"`.');
  const missing = join(dir, 'missing.ndjson');
  assert.is(await message(missing), `fromNdjson cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'`);
  assert.throws(() => fromNdjson(file, { speed: 0 }), (err: Error) =>
    err.message === 'invalid argument. speed must be a positive number (Infinity replays as fast as possible). Value: `0`.',
  );
});

test('a finite speed paces the replay by the recorded elapsed times and keeps every event in order', async () => {
  const file = join(dir, 'paced.ndjson');
  writeFileSync(file, events.map(toNdjsonLine).join(''));
  const recordedMs = (events[events.length - 1] as { elapsedMs: number }).elapsedMs; // 31 ms in the helper's run
  const t0 = performance.now();
  const replayed = await lastValueFrom(fromNdjson(file, { speed: 0.5 }).pipe(toArray()));
  const took = performance.now() - t0;
  assert.equal(replayed, events);
  // At half speed the replay cannot take less than twice the recorded time (timers never fire early by more than 1 ms).
  assert.ok(took >= 2 * recordedMs - 1, `replay took ${took.toFixed(1)} ms for ${recordedMs} recorded ms`);
});

test('serveMonitor(fromNdjson(file)) serves a finished run to a client that joins afterwards', async () => {
  const file = join(dir, 'served.ndjson');
  writeFileSync(file, events.map(toNdjsonLine).join(''));
  const server = await serveMonitor(fromNdjson(file));
  try {
    while (server.stats().seq < events.length) await new Promise((resolve) => setTimeout(resolve, 5));
    const client = await connect(server.wsUrl);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.is(hello.seq, events.length);
    assert.equal(hello.epochs, events.filter((e) => e.type === 'epoch'));
    assert.equal(hello.done, events[events.length - 1] as TrainEvent);
    assert.is(hello.history[hello.history.length - 1].toStep, 300);
  } finally {
    await server.close();
  }
});

test('cleanup', () => {
  rmSync(dir, { recursive: true, force: true });
});

test.run();
