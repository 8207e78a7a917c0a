// Who writes a run: a lock names a live writer only while the process that wrote it lives — not a dead one,
// not a zombie, not a newer process that got the same id.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liveWriter, runFile } from '../src/index.js';
import { exited, removeTempDirs, tempDir } from './helpers.js';

test.after(removeTempDirs);

const lock = (dir: string, pid: number, startedAt: number) => writeFileSync(runFile(dir, 'lock'), JSON.stringify({ pid, host: hostname(), startedAt }));

test('a lock names its writer while that process lives, and no longer once it has exited', async () => {
  const dir = tempDir('lock');
  const child = spawn('sleep', ['30']);
  lock(dir, child.pid!, Date.now());
  assert.is(liveWriter(dir), child.pid);
  child.kill('SIGKILL');
  await exited(child);
  assert.is(liveWriter(dir), undefined);
});

test('a process that got a dead writer\'s id later (it started after the lock was written) is not the writer', async () => {
  const dir = tempDir('reused');
  const child = spawn('sleep', ['30']);
  try {
    lock(dir, child.pid!, Date.now() - 60_000); // as if written a minute ago by a process with the same id
    assert.is(liveWriter(dir), undefined);
    lock(dir, process.pid, Date.now());
    assert.is(liveWriter(dir), process.pid);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a lock from another host cannot be checked: it counts as live', () => {
  const dir = tempDir('host');
  writeFileSync(runFile(dir, 'lock'), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: Date.now() }));
  assert.is(liveWriter(dir), 1);
});

test.run();
