import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throwsMessage } from './throws-message.js';
import { moons } from '../src/index.js';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);


test("defaults are micrograd's demo: 100 points in 2-D, 2 classes, labels 0/1", () => {
  const ds = moons();
  assert.equal([ds.n, ds.d, ds.classes, ds.X.length], [100, 2, 2, 200]);
  assert.equal([...new Set(ds.y)].sort(), [0, 1]);
});

test('half the points on each moon: ⌊n/2⌋ upper (0 or −1), the rest lower; labels 01 or pm1', () => {
  for (const n of [100, 7]) {
    const zeroOne = moons({ n, seed: 3 });
    const pm = moons({ n, seed: 3, labels: 'pm1' });
    assert.is(zeroOne.y.filter((v) => v === 0).length, Math.floor(n / 2));
    assert.is(zeroOne.y.filter((v) => v === 1).length, n - Math.floor(n / 2));
    assert.equal([...pm.y], [...zeroOne.y].map((v) => 2 * v - 1), 'pm1 is 2·y − 1, row by row');
    assert.ok(bytes(pm.X).equals(bytes(zeroOne.X)), 'the label style does not change the points');
  }
});

test('without noise the points lie exactly on the two half circles (sklearn make_moons)', () => {
  const ds = moons({ n: 50, noise: 0, seed: 1 });
  const upper: number[] = [];
  for (let i = 0; i < ds.n; i++) {
    const [x, y] = [ds.X[2 * i], ds.X[2 * i + 1]];
    if (ds.y[i] === 0) {
      assert.ok(Math.abs(x * x + y * y - 1) < 1e-12 && y >= 0, `upper ${x},${y}`);
      upper.push(Math.atan2(y, x));
    } else {
      assert.ok(Math.abs((x - 1) ** 2 + (y - 0.5) ** 2 - 1) < 1e-12 && y <= 0.5, `lower ${x},${y}`);
    }
  }
  // angles linspace(0, π, 25): 0, π/24, …, π
  upper.sort((a, b) => a - b);
  upper.forEach((t, k) => assert.ok(Math.abs(t - (Math.PI * k) / 24) < 1e-12, `angle ${k}: ${t}`));
});

test('deterministic per seed, shuffled (classes mixed), noise of the asked size', () => {
  const a = moons({ n: 200, noise: 0.2, seed: 5 });
  const b = moons({ n: 200, noise: 0.2, seed: 5 });
  assert.ok(bytes(a.X).equals(bytes(b.X)) && bytes(a.y).equals(bytes(b.y)));
  assert.not.ok(bytes(a.X).equals(bytes(moons({ n: 200, noise: 0.2, seed: 6 }).X)));
  assert.not.ok([...a.y].every((v, i, y) => i === 0 || y[i - 1] <= v), 'rows are not listed class by class');
  const clean = moons({ n: 20_000, noise: 0, seed: 7 });
  const noisy = moons({ n: 20_000, noise: 0.2, seed: 7 });
  let ss = 0;
  for (let k = 0; k < clean.X.length; k++) ss += (noisy.X[k] - clean.X[k]) ** 2;
  const sd = Math.sqrt(ss / clean.X.length);
  assert.ok(Math.abs(sd - 0.2) < (4 * 0.2) / Math.sqrt(2 * clean.X.length), `noise sd ${sd}`);
});

test('errors name the option, the rule and the value', () => {
  throwsMessage(() => moons({ n: 1 }), RangeError, 'invalid argument. n must be an integer ≥ 2 (one moon each half). Value: `1`.');
  throwsMessage(() => moons({ noise: -0.1 }), RangeError, 'invalid argument. noise must be a finite number ≥ 0. Value: `-0.1`.');
  throwsMessage(() => moons({ labels: '+-1' as never }), RangeError, 'invalid argument. labels must be "01" or "pm1". Value: `"+-1"`.');
  throwsMessage(() => moons({ seed: 1.5 }), RangeError, 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `1.5`.');
  throwsMessage(() => moons({ nosie: 1 } as never), RangeError, 'invalid argument. options.nosie is not an option; the options are n, noise, seed, labels. Value: `1`.');
});

test.run();
