// Issue 12 #5 and #8: what `gradstream serve` makes of its input. A stream that ends without `done` or
// `error` (the trainer upstream was killed) is reported as an error event and `--exit-when-done` exits 1;
// an event of another schema version is refused, naming the line. Real processes, a real `ws` client.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { runCli, startCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-serve-input-'));
let lines: string[] = [];
test.before(async () => {
  const { code, stdout, stderr } = await runCli(['train', '--events', '--epochs', '1', '--n', '100']);
  assert.is(code, 0, stderr);
  lines = stdout.trim().split('\n');
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

const CUT = 'the event stream ended before the run finished';

test('serve --stdin --exit-when-done: a stream cut off before done exits 1 with an error event, which clients see', async () => {
  const cut = lines.slice(0, 6).join('\n') + '\n'; // run and a few steps: the trainer was killed
  const child = startCli(['serve', '--stdin', '--exit-when-done']);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const wsUrl = await new Promise<string>((resolve) => {
    const check = setInterval(() => {
      const m = /^websocket: (\S+)$/m.exec(stderr);
      if (m) (clearInterval(check), resolve(m[1]));
    }, 10);
  });
  const ws = new WebSocket(wsUrl);
  const frames: { type: string; message?: string; seq?: number }[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise((resolve) => ws.once('open', resolve));
  child.stdin!.end(cut);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.is(code, 1, stderr);
  assert.match(stderr, `gradstream: ${CUT} (stdin: 6 events, no done or error event)\n`);
  const error = frames.find((f) => f.type === 'error' && f.seq !== undefined);
  assert.is(error?.message, `${CUT} (stdin: 6 events, no done or error event)`);
});

test('serve --stdin --exit-when-done: a whole run still exits 0', async () => {
  const { code, stderr } = await runCli(['serve', '--stdin', '--exit-when-done'], { input: lines.join('\n') + '\n' });
  assert.is(code, 0, stderr);
});

test('serve --replay of a cut recording and of an empty input: the same error event', async () => {
  const file = join(dir, 'cut.ndjson');
  writeFileSync(file, lines.slice(0, 3).join('\n') + '\n');
  const replay = await runCli(['serve', '--replay', file, '--exit-when-done']);
  assert.is(replay.code, 1, replay.stderr);
  assert.match(replay.stderr, `gradstream: ${CUT} (${file}: 3 events, no done or error event)\n`);
  const empty = await runCli(['serve', '--stdin', '--exit-when-done'], { input: '' });
  assert.is(empty.code, 1, empty.stderr);
  assert.match(empty.stderr, `gradstream: ${CUT} (stdin: no event)\n`);
});

test('serve --stdin and --replay refuse an event of another schema version, naming the line (exit 1)', async () => {
  for (const v of [2, 0]) {
    const input = [lines[0].replace('"v":1', `"v":${v}`), ...lines.slice(1)].join('\n') + '\n';
    const piped = await runCli(['serve', '--stdin', '--exit-when-done'], { input });
    assert.is(piped.code, 1, piped.stderr);
    assert.match(piped.stderr, `gradstream: invalid run event in stdin:1. v must be 1 (the event schema version this reader knows). Value: \`${v}\`.\n`);
    const file = join(dir, `v${v}.ndjson`);
    writeFileSync(file, input);
    const replay = await runCli(['serve', '--replay', file, '--exit-when-done']);
    assert.is(replay.code, 1, replay.stderr);
    assert.match(replay.stderr, `gradstream: invalid run event in ${file}:1. v must be 1 (the event schema version this reader knows). Value: \`${v}\`.\n`);
  }
  const later = [...lines.slice(0, 3), '{"type":"step","v":2}', ...lines.slice(3)].join('\n') + '\n';
  const piped = await runCli(['serve', '--stdin', '--exit-when-done'], { input: later });
  assert.match(piped.stderr, 'gradstream: invalid step event in stdin:4. v must be 1 (the event schema version this reader knows). Value: `2`.\n');
});

test.run();
