/** Reading a reference trajectory file (Node only, exported by `@gradstream/trainer/node`). */
import { validateReference, type ReferenceFixture } from './reference-fixture.js';
import { readJsonFile } from './read-json.js';

/**
 * Reads and validates a reference file; errors name the file, the field, the rule and the value.
 *
 * @example
 * import { readReference } from '@gradstream/trainer/node';
 * const fx = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * console.log(fx.n, fx.d, fx.steps.length); // 1000 2 300
 */
export async function readReference(path: string): Promise<ReferenceFixture> {
  return validateReference(await readJsonFile(path, 'reference'), path);
}
