// `gradstream train` beyond the lesson (issue 15), as a person runs it: the built-in datasets, the model
// flags, a PyTorch fixture of any model through --reference --events, and clear refusals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parameterRow, parseTrainEvent, type StepEvent } from '@gradstream/events';
import { runCli } from './cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url));

test('train --data moons: an MLP 2-16-16-1 with the hinge loss reaches 100% training accuracy with the defaults', async () => {
  const r = await runCli(['train', '--data', 'moons']);
  assert.is(r.code, 0, r.stderr);
  const epochs = r.stdout.split('\n').filter((l) => l.startsWith('epoch '));
  assert.is(epochs.length, 30);
  assert.match(epochs[0], /^epoch 1, loss \d+\.\d{6}, accuracy \d+\.\d%$/);
  assert.is(epochs.at(-1)!.replace(/loss [0-9.]+/, 'loss L'), 'epoch 30, loss L, accuracy 100.0%');
  assert.match(r.stdout, /wall time: .*\(600 steps/);
});

test('train --model softmax --data blobs --events: run, step and epoch events carry W1, b1 by name and accuracy', async () => {
  const r = await runCli(['train', '--data', 'blobs', '--epochs', '2', '--events']);
  assert.is(r.code, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l, i) => parseTrainEvent(l, `line ${i + 1}`));
  const run = events[0];
  assert.ok(run.type === 'run');
  assert.equal([run.model?.kind, run.model?.sizes, run.config.engine, run.config.source], ['softmax', [2, 3], 'fused', 'blobs']);
  const step = events.find((e) => e.type === 'step') as StepEvent;
  assert.equal(Object.keys(step.params!), ['W1', 'b1']);
  assert.ok(step.w === undefined && step.accuracy !== undefined);
  assert.is(events.filter((e) => e.type === 'epoch').length, 2);
  assert.match(r.stderr, /epoch 2, loss \d\.\d{6}, accuracy \d+\.\d%/);
});

test('train --reference FILE --events replays a PyTorch MLP fixture (tanh, Adam, L2); every step\'s parameters match within 1e-9', async () => {
  const path = fixture('mlp-tanh-adam.json');
  const fx = JSON.parse(readFileSync(path, 'utf8')) as { steps: { loss: number; params: Record<string, number[]> }[] };
  const r = await runCli(['train', '--reference', path, '--events']);
  assert.is(r.code, 0, r.stderr);
  const steps = r.stdout.trim().split('\n').map((l) => parseTrainEvent(l)).filter((e): e is StepEvent => e.type === 'step');
  assert.is(steps.length, fx.steps.length);
  let worst = 0;
  steps.forEach((s, i) => {
    const want = Object.values(fx.steps[i].params).flat();
    const got = parameterRow(s);
    assert.is(got.length, want.length);
    worst = Math.max(worst, Math.abs(s.loss - fx.steps[i].loss), ...got.map((v, j) => Math.abs(v - want[j])));
  });
  assert.ok(worst <= 1e-9, String(worst));
  assert.match(r.stderr, /OK: every deviation is within 1e-9/);
});

test('train --model mlp on the lesson regresses with the squared loss; the lesson itself is unchanged by the new flags', async () => {
  const r = await runCli(['train', '--model', 'mlp', '--hidden', '4', '--activation', 'tanh', '--epochs', '2', '--events']);
  assert.is(r.code, 0, r.stderr);
  const run = parseTrainEvent(r.stdout.split('\n')[0]);
  assert.ok(run.type === 'run' && run.model?.name === 'MLP 2-4-1 (tanh, squared)' && run.model.l2 === 1e-4);
  const lesson = await runCli(['train']);
  assert.equal(lesson.stdout.split('\n').slice(0, 3).map((l) => l.replace(/\d\.\d{6}$/, 'L')), ['epoch 1, loss L', 'epoch 2, loss L', 'epoch 3, loss L']);
});

test('model flags that do not fit are refused, naming the options', async () => {
  const cases: [string[], string][] = [
    [['train', '--hidden', '8'], 'gradstream: invalid option. --hidden needs --model mlp (it shapes the hidden layers). Value: `--hidden`.'],
    [['train', '--model', 'tree'], 'gradstream: invalid option. --model must be one of linear, logistic, softmax, mlp. Value: `tree`.'],
    [['train', '--data', 'moons', '--true-b', '1'], 'gradstream: invalid option. --data moons cannot be combined with --true-b. Value: `--data moons --true-b`.'],
    [['train', '--reference', fixture('micrograd-moons.json'), '--model', 'mlp'], 'gradstream: invalid option. --reference cannot be combined with --model. Value: `--reference --model`.'],
    [['train', '--classes', '4'], 'gradstream: invalid option. --classes needs --data blobs (a file\'s classes are read from its label column). Value: `--classes`.'],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.is(r.code, 2, args.join(' '));
    assert.is(r.stderr.trim().split('\n')[0], message);
  }
});

test('train --model softmax --data FILE reads an integer class column; a label that is not a class index is refused naming its line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-classes-'));
  try {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const k = i % 3;
      return `${((k === 1 ? 5 : 0) + Math.sin(i)).toFixed(3)},${((k === 2 ? 5 : 0) + Math.cos(i)).toFixed(3)},${k}`; // three clusters 5 apart
    });
    const file = join(dir, 'three.csv');
    writeFileSync(file, ['a,b,class', ...rows].join('\n') + '\n');
    const r = await runCli(['train', '--model', 'softmax', '--data', file, '--label', 'class', '--epochs', '20', '--events']);
    assert.is(r.code, 0, r.stderr);
    const run = parseTrainEvent(r.stdout.split('\n')[0]);
    assert.ok(run.type === 'run' && run.model?.sizes.join() === '2,3' && run.config.source === file);
    assert.match(r.stderr, /epoch 20, loss \d\.\d{6}, accuracy 100\.0%/);
    writeFileSync(file, ['a,b,class', ...rows.slice(0, 5), '1,2,1.5'].join('\n') + '\n');
    const bad = await runCli(['train', '--model', 'softmax', '--data', file, '--label', 'class']);
    assert.is(bad.code, 1);
    assert.is(bad.stderr.trim(), `gradstream: ${file}:7: the label must be a class index, an integer ≥ 0; found 1.5`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
