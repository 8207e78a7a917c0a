import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throwsMessage } from './throws-message.js';
import { classCount, classLabels } from '../src/index.js';
import { rows$ } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-class-labels-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));


test('classCount: the largest label + 1, or the given count after checking every label fits it', () => {
  assert.is(classCount('y', new Float64Array([0, 2, 1, 2])), 3);
  assert.is(classCount('y', new Float64Array([0, 1]), 5), 5);
  assert.is(classCount('y', []), 0);
});

test('classCount: errors name the argument, the rule, the row and the value', () => {
  throwsMessage(() => classCount('ds.y', new Float64Array([0, 1.5])), RangeError, 'invalid argument. ds.y must hold class indices, each an integer ≥ 0; row 1 is not one. Value: `1.5`.');
  throwsMessage(() => classCount('y', [1, -1]), RangeError, 'invalid argument. y must hold class indices, each an integer ≥ 0; row 1 is not one. Value: `-1`.');
  throwsMessage(() => classCount('y', [0, 3], 3), RangeError, 'invalid argument. y must hold class indices, each an integer in [0, 3); row 1 is not one. Value: `3`.');
  throwsMessage(() => classCount('y', [0], 0), RangeError, 'invalid argument. classes must be a positive integer. Value: `0`.');
});

test('classLabels: passes class rows of a CSV and stops at the line of the first that is not one', async () => {
  const path = join(dir, 'classes.csv');
  writeFileSync(path, 'x1,x2,class\n0.5,1,0\n\n-1,2,2\n3,0,1.5\n');
  const seen: number[] = [];
  const error = await new Promise<Error>((resolve) => rows$(path).pipe(classLabels(path, 3)).subscribe({ next: (r) => seen.push(r.y), error: resolve }));
  assert.equal(seen, [0, 2]);
  assert.is(error.message, `${path}:5: the label must be a class index, an integer in [0, 3); found 1.5`);
  assert.is(error.name, 'DataFormatError');
});

test('classLabels on NDJSON without a count: any integer ≥ 0; a label of the count itself fails with one', async () => {
  const path = join(dir, 'classes.ndjson');
  writeFileSync(path, '{"a":1,"y":4}\n{"a":2,"y":0}\n');
  const rows = await lastValueFrom(rows$(path).pipe(classLabels(path), toArray()));
  assert.equal(rows.map((r) => r.y), [4, 0]);
  await lastValueFrom(rows$(path).pipe(classLabels(path, 4), toArray())).then(
    () => assert.unreachable('4 is not a class of 4'),
    (e: Error) => assert.is(e.message, `${path}:1: the label must be a class index, an integer in [0, 4); found 4`),
  );
});

test.run();
