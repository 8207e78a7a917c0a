// pack.mjs: the tarball's package.json points each export at dist/ (the clone's points at src/).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { publishedManifest } from '../pack.mjs';

test('each export ./src/X.ts becomes ./dist/X.js with types ./dist/X.d.ts first; main and types name the main entry', () => {
  const clone = {
    name: '@gradstream/data',
    exports: { '.': { types: './src/index.ts', default: './src/index.ts' }, './node': { types: './src/node.ts', default: './src/node.ts' } },
  };
  const published = publishedManifest(clone);
  assert.equal(published.exports, {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './node': { types: './dist/node.d.ts', default: './dist/node.js' },
  });
  assert.equal(Object.keys(published.exports['.']), ['types', 'default']);
  assert.is(published.main, './dist/index.js');
  assert.is(published.types, './dist/index.d.ts');
  assert.equal(clone.exports['.'].default, './src/index.ts', 'the clone manifest is not modified');
});

test('an export that does not point at src/*.ts is refused with its value', () => {
  assert.throws(
    () => publishedManifest({ exports: { '.': { types: './lib/index.d.ts', default: './lib/index.js' } } }),
    (err) => err.message === 'pack: exports target must be ./src/<name>.ts. Value: `./lib/index.d.ts`.',
  );
});

test.run();
