// micrograd's README example, line by line (scalars: + * ** relu, division), to 4 decimals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../src/index.js';

test('micrograd README: g = 24.7041, a.grad = 138.8338, b.grad = 645.5773', () => {
  const a = tensor(-4.0, { requiresGrad: true });
  const b = tensor(2.0, { requiresGrad: true });
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(c.add(1).add(a.neg())); // c += 1 + c + (-a)
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(d.mul(3).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2.0);
  g = g.add(tensor(10.0).div(f));
  assert.is(g.item().toFixed(4), '24.7041');
  g.backward();
  assert.is(a.grad!.item().toFixed(4), '138.8338');
  assert.is(b.grad!.item().toFixed(4), '645.5773');
});

test.run();
