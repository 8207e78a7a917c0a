import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTrainEvent, type DoneEvent } from '@gradstream/events';
import { readCheckpoint } from '@gradstream/trainer/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, startCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradstream-cli-resume-'));
// Long enough to be killed mid-way (15 000 steps), short enough for a test.
const RUN = ['--n', '50000', '--epochs', '3', '--seed', '11'];
// The run to stop is paced to last 5 s: unpaced, its training takes ~0.1 s, and on a loaded machine it could end
// before the test saw its checkpoint and sent the signal. Pacing changes when steps happen, not their numbers.
const PACED = ['--steps-per-second', '3000'];

function done(stdout: string): DoneEvent {
  const last = parseTrainEvent(stdout.trimEnd().split('\n').at(-1)!, 'stdout');
  assert.is(last.type, 'done');
  return last as DoneEvent;
}

async function waitFor(file: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await sleep(5);
  }
}

test('kill -9 mid-run, then --resume: the same final parameters as an uninterrupted run', async () => {
  const uninterrupted = await runCli(['train', ...RUN, '--events']);
  assert.is(uninterrupted.code, 0, uninterrupted.stderr);
  const expected = done(uninterrupted.stdout);

  const checkpoint = join(tmp, 'run.ckpt.json');
  const child = startCli(['train', ...RUN, ...PACED, '--checkpoint', checkpoint, '--checkpoint-every', '50']);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  await waitFor(checkpoint);
  child.kill('SIGKILL');
  assert.is(await exited, 'SIGKILL', 'the run must still have been going when killed');
  const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { position: { globalStep: number } };
  assert.ok(saved.position.globalStep > 0 && saved.position.globalStep < expected.steps, `killed at step ${saved.position.globalStep}`);

  const resumed = await runCli(['train', '--resume', checkpoint, '--events']);
  assert.is(resumed.code, 0, resumed.stderr);
  const got = done(resumed.stdout);
  assert.is(got.steps, expected.steps);
  assert.equal(got.w, expected.w); // bit for bit
  assert.is(got.b, expected.b);
  // The resumed run continues the step count where the checkpoint left it.
  const first = parseTrainEvent(resumed.stdout.split('\n')[1], 'stdout:2');
  assert.is(first.type === 'step' && first.globalStep, saved.position.globalStep + 1);
});

test('Ctrl-C stops the run with exit 130, and the checkpoint resumes to the same result', async () => {
  const checkpoint = join(tmp, 'sigint.ckpt.json');
  const child = startCli(['train', ...RUN, ...PACED, '--checkpoint', checkpoint, '--events']);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await waitFor(checkpoint);
  child.kill('SIGINT');
  assert.is(await exited, 130);
  const said = stderr.match(new RegExp(`^gradstream: interrupted by Ctrl-C after (\\d+) steps\\. The last checkpoint is in ${checkpoint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(step (\\d+)\\): continue with \`gradstream train --resume `, 'm'));
  assert.ok(said, stderr);
  // Ctrl-C writes the checkpoint of the very last step taken, not only the last periodic one.
  assert.is(said[2], said[1]);
  assert.is((await readCheckpoint(checkpoint)).position.globalStep, Number(said[1]));
  const last = parseTrainEvent(stdout.trimEnd().split('\n').at(-1)!, 'stdout');
  assert.is(last.type, 'error', 'the event stream says the run stopped');

  const resumed = await runCli(['train', '--resume', checkpoint, '--events']);
  const uninterrupted = await runCli(['train', ...RUN, '--events']);
  assert.equal(done(resumed.stdout).w, done(uninterrupted.stdout).w);
});

test('--resume with options the checkpoint fixes is a usage error', async () => {
  const { code, stderr } = await runCli(['train', '--resume', 'x.json', '--lr', '0.1']);
  assert.is(code, 2);
  assert.is(stderr, 'gradstream: invalid option. --resume cannot be combined with --lr. Value: `--resume --lr`.\n');
  const missing = await runCli(['train', '--resume', join(tmp, 'none.json')]);
  assert.is(missing.code, 1);
  assert.is(missing.stderr, `gradstream: --resume: file not found: ${join(tmp, 'none.json')}.\n`);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
