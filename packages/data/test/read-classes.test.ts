// The integer class column: readDataset/readCsv/readNdjson with { classes } check that every label is a
// class index and say how many classes there are; without it, labels stay plain numbers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCsv, readDataset, readNdjson } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-read-classes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function rejectsWith(promise: Promise<unknown>, Kind: typeof Error, message: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.instance(err, Kind);
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

test('CSV with classes: true: labels are class indices, classes is the largest + 1', async () => {
  const ds = await readCsv(file('iris.csv', 'a,b,species\n1,2,0\n3,4,2\n5,6,1\n'), { label: 'species', classes: true });
  assert.equal([ds.n, ds.d, [...ds.y], ds.classes, ds.labelName], [3, 2, [0, 2, 1], 3, 'species']);
});

test('NDJSON with classes: k keeps k even when the largest class is absent from the file', async () => {
  const ds = await readNdjson(file('few.ndjson', '{"x":0.5,"y":0}\n{"x":1.5,"y":1}\n'), { classes: 4 });
  assert.equal([[...ds.y], ds.classes], [[0, 1], 4]);
});

test('without classes, labels are plain numbers (1.5 and −1 are fine) and there is no classes field', async () => {
  const ds = await readCsv(file('real.csv', 'x,y\n1,1.5\n2,-1\n'));
  assert.equal([[...ds.y], ds.classes], [[1.5, -1], undefined]);
});

test('a label that is not a class index fails naming the source, line and value', async () => {
  await rejectsWith(readCsv(file('bad.csv', 'x,y\n1,0\n\n2,1.5\n'), { classes: true }), Error, `${join(dir, 'bad.csv')}:4: the label must be a class index, an integer ≥ 0; found 1.5`);
  await rejectsWith(readNdjson(file('neg.ndjson', '{"x":1,"y":-1}\n'), { classes: 2 }), Error, `${join(dir, 'neg.ndjson')}:1: the label must be a class index, an integer in [0, 2); found -1`);
  await rejectsWith(readDataset(Readable.from(['x,y\n1,3\n']), { name: 'stdin', classes: 3 }), Error, 'stdin:2: the label must be a class index, an integer in [0, 3); found 3');
});

test('the classes option itself is checked', async () => {
  await rejectsWith(
    readCsv(file('ok.csv', 'x,y\n1,0\n'), { classes: 0 }),
    RangeError,
    'invalid argument. classes must be true (the labels are class indices) or the number of classes, a positive integer. Value: `0`.',
  );
  await rejectsWith(
    readCsv(file('ok2.csv', 'x,y\n1,0\n'), { classes: 'yes' as never }),
    RangeError,
    'invalid argument. classes must be true (the labels are class indices) or the number of classes, a positive integer. Value: `"yes"`.',
  );
});

test.run();
