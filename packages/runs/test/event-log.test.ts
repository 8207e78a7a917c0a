// Crash-safe appending: a writer killed with SIGKILL while appending leaves only whole lines (or an
// unterminated tail that no reader takes as an event), and the next writer cuts that tail off.
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTrainEvent } from '@gradstream/events';
import { openEventLog, readCompleteLines } from '../src/index.js';
import { exited, removeTempDirs, startFixture, tempDir, waitFor } from './helpers.js';

test.after(removeTempDirs);

test('a writer killed with SIGKILL mid-append leaves only complete events for readers', async () => {
  const path = join(tempDir('append'), 'events.ndjson');
  const child = startFixture('append-forever', [path]);
  await waitFor('the writer to append 2 MB', () => child.output().includes('ready') && (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 2e6);
  child.kill('SIGKILL');
  assert.is(await exited(child), 'SIGKILL');
  const { lines, end } = await readCompleteLines(path);
  assert.ok(lines.length > 10, `lines: ${lines.length}`);
  lines.forEach((line, i) => {
    const e = parseTrainEvent(line, `line ${i + 1}`);
    assert.is(e.type === 'step' && e.globalStep, i + 1);
  });
  assert.ok(end <= statSync(path).size);
});

test('a half-written last line is not an event until its newline comes, and the next writer cuts it off', async () => {
  const path = join(tempDir('torn'), 'events.ndjson');
  const log = openEventLog(path);
  log.append({ type: 'error', message: 'first' });
  log.close();
  appendFileSync(path, '{"type":"error","mess'); // a writer killed in the middle of a line
  const before = await readCompleteLines(path);
  assert.equal(before.lines, ['{"type":"error","message":"first"}']);
  assert.is(before.end, 35);
  appendFileSync(path, 'age":"second"}\n');
  const after = await readCompleteLines(path, before.end);
  assert.equal(after.lines, ['{"type":"error","message":"second"}']);

  appendFileSync(path, '{"type":"err');
  const next = openEventLog(path);
  next.append({ type: 'error', message: 'third' });
  next.close();
  assert.is(readFileSync(path, 'utf8'), '{"type":"error","message":"first"}\n{"type":"error","message":"second"}\n{"type":"error","message":"third"}\n');
});

test.run();
