import { map, type MonoTypeOperatorFunction } from 'rxjs';
import { DataFormatError } from './format-error.js';
import type { Dataset, Row } from './types.js';
import { invalid, show } from './validate.js';

/**
 * Class labels: the label of a classification row is a class index, an integer in `[0, classes)`, stored
 * as a float64 in `y` like every other label. Files and generators both produce numbers; these checks are
 * where "a number" becomes "a class", so a 1.5 or a −1 fails at the row that has it rather than as a wrong
 * one-hot column or a NaN loss inside the trainer.
 */

/** A dataset whose labels are class indices `0 … classes − 1` (blobs, moons with 0/1 labels, a file read with `classes`). */
export interface ClassDataset extends Dataset {
  /** How many classes (for moons with ±1 labels: 2, the labels being −1 and +1). */
  classes: number;
}

/** `classes` as a reader takes it: `true` (any integer ≥ 0; the count is the largest label + 1) or the count itself. */
export type ClassesOption = true | number;

/**
 * Checks that every label of `y` is a class index and returns the number of classes: `classes` when given,
 * else the largest label + 1. Errors name the argument, the rule, the row and the value.
 *
 * @param name - the argument's name in messages (e.g. `ds.y`)
 * @param y - the labels
 * @param classes - the class count the labels must fit, or undefined to infer it
 *
 * @example
 * import { classCount } from '@gradstream/data';
 * console.log(classCount('y', new Float64Array([0, 2, 1, 2]))); // 3
 * try { classCount('y', new Float64Array([0, 1.5])); } catch (e) { console.log((e as Error).message); }
 * // invalid argument. y must hold class indices, each an integer ≥ 0; row 1 is not one. Value: `1.5`.
 */
export function classCount(name: string, y: ArrayLike<number>, classes?: number): number {
  if (classes !== undefined && (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 1)) {
    throw invalid(RangeError, 'classes', 'must be a positive integer', classes);
  }
  const rule = classRule(classes);
  let largest = -1;
  for (let i = 0; i < y.length; i++) {
    if (!isClass(y[i], classes)) throw invalid(RangeError, name, `must hold class indices, each ${rule}; row ${i} is not one`, y[i]);
    if (y[i] > largest) largest = y[i];
  }
  return classes ?? largest + 1;
}

/**
 * An operator for `rows$` (from `@gradstream/data/node`): passes rows whose label is a class index and ends the stream with a
 * {@link DataFormatError} naming the source and line of the first that is not.
 *
 * @param source - the source's name in messages (a path, `stdin`)
 * @param classes - the class count the labels must fit, or undefined for any integer ≥ 0
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { classLabels } from '@gradstream/data';
 * import { rows$ } from '@gradstream/data/node';
 * writeFileSync('/tmp/classes.csv', 'x1,x2,class\n0.5,1,0\n-1,2,2\n3,0,1.5\n');
 * rows$('/tmp/classes.csv').pipe(classLabels('/tmp/classes.csv', 3)).subscribe({
 *   next: (row) => console.log(row.y), // 0, then 2
 *   error: (e) => console.log(e.message), // /tmp/classes.csv:4: the label must be a class index, an integer in [0, 3); found 1.5
 * });
 */
export function classLabels(source: string, classes?: number): MonoTypeOperatorFunction<Row> {
  const rule = classRule(classes);
  return map((row) => {
    if (!isClass(row.y, classes)) throw new DataFormatError(source, row.line, `the label must be a class index, ${rule}; found ${show(row.y)}`);
    return row;
  });
}

function isClass(v: number, classes: number | undefined): boolean {
  return Number.isInteger(v) && v >= 0 && (classes === undefined || v < classes);
}

function classRule(classes: number | undefined): string {
  return classes === undefined ? 'an integer ≥ 0' : `an integer in [0, ${classes})`;
}

/**
 * The `classes` option of the readers: undefined (labels are plain numbers), `true` or a positive integer.
 * @internal
 */
export function checkClassesOption(value: unknown): ClassesOption | undefined {
  if (value === undefined || value === true) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw invalid(RangeError, 'classes', 'must be true (the labels are class indices) or the number of classes, a positive integer', value);
}
