/** Reading a reference trajectory file (Node only, exported by `@gradstream/trainer/node`). */
import { validateModelFixture, type ModelFixture } from './model-fixture.js';
import { validateReference, type ReferenceFixture } from './reference-fixture.js';
import { asModelFixture } from './reference-run.js';
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

/**
 * Reads a reference file of either format — the lesson's (`d2l-linreg-sgd.json`) or any model's (issue 15's
 * format, with a `model` field) — into the general fixture shape.
 *
 * @example
 * import { readFixture } from '@gradstream/trainer/node';
 * const fx = await readFixture('../../fixtures/softmax-blobs-sgd.json');
 * console.log(fx.model.sizes, fx.classes, fx.steps.length); // [ 2, 3 ] 3 21
 */
export async function readFixture(path: string): Promise<ModelFixture> {
  const json = await readJsonFile(path, 'reference');
  const isModelFormat = typeof json === 'object' && json !== null && 'model' in json;
  return isModelFormat ? validateModelFixture(json, path) : asModelFixture(validateReference(json, path));
}
