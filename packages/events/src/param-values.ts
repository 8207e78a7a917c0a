/**
 * Reading parameters by name from any event, old or new: a run recorded before models were values carries
 * linear regression's `w` and `b`; a newer one carries `params` (or, for a large model, only `norms`).
 */
import { subscript } from './explanation-view.js';
import type { DoneEvent, EpochEvent, ParamValues, RunEvent, StepEvent } from './schema.js';

type WithParameters = Pick<RunEvent | StepEvent | EpochEvent | DoneEvent, 'params' | 'norms' | 'w' | 'b'>;

/**
 * Each parameter's values by name, or undefined when the event carries only norms.
 *
 * @example
 * import { parameterValues } from '@gradstream/events';
 * console.log(parameterValues({ w: [2, -3.4], b: 4.2 })); // { w: [ 2, -3.4 ], b: [ 4.2 ] }
 * console.log(parameterValues({ params: { W1: [1, 2], b1: [0] } })); // { W1: [ 1, 2 ], b1: [ 0 ] }
 */
export function parameterValues(e: WithParameters): ParamValues | undefined {
  if (e.params) return e.params;
  if (e.w !== undefined && e.b !== undefined) return { w: e.w, b: [e.b] };
  return undefined;
}

/**
 * The parameters as one row of numbers, in the model's order: every value when the event carries them
 * (for the lesson `[w₁ … w_d, b]`), else one norm per tensor. Charts and histories keep these rows.
 *
 * @example
 * import { parameterRow } from '@gradstream/events';
 * console.log(parameterRow({ w: [2, -3.4], b: 4.2 })); // [ 2, -3.4, 4.2 ]
 * console.log(parameterRow({ norms: { W1: 3, b1: 0.5 } })); // [ 3, 0.5 ]
 */
export function parameterRow(e: WithParameters): number[] {
  const values = parameterValues(e);
  if (values === undefined) return Object.values(e.norms ?? {});
  const row: number[] = [];
  for (const v of Object.values(values)) for (let i = 0; i < v.length; i++) row.push(v[i]);
  return row;
}

/**
 * What a chart draws for the parameters of an event: every value for the lesson's linear regression
 * (`[w₁ … w_d, b]`, against their true values), and one Euclidean norm per tensor for any other model (an MLP's
 * hundreds of weights would be a thicket of lines; ‖W1‖, ‖b1‖ … show how each layer moves).
 *
 * @example
 * import { parameterSeries } from '@gradstream/events';
 * console.log(parameterSeries({ w: [2, -3.4], b: 4.2 })); // [ 2, -3.4, 4.2 ]
 * console.log(parameterSeries({ params: { W1: [3, 4], b1: [0] } })); // [ 5, 0 ]
 */
export function parameterSeries(e: WithParameters): number[] {
  if (e.w !== undefined && e.b !== undefined) return [...e.w, e.b];
  if (e.norms) return Object.values(e.norms);
  return Object.values(e.params ?? {}).map((v) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  });
}

/**
 * The names of `parameterSeries` for a run: `w₁ … w_d, b` for the lesson, `‖W1‖, ‖b1‖ …` for any other model.
 *
 * @example
 * import { parameterSeriesNames } from '@gradstream/events';
 * console.log(parameterSeriesNames({ w: [0, 0], b: 0 })); // [ 'w₁', 'w₂', 'b' ]
 * console.log(parameterSeriesNames({ params: { W1: [1, 2], b1: [0] } })); // [ '‖W1‖', '‖b1‖' ]
 */
export function parameterSeriesNames(run: WithParameters): string[] {
  if (run.w !== undefined && run.b !== undefined) return [...run.w.map((_, j) => `w${subscript(j + 1)}`), 'b'];
  return Object.keys(run.norms ?? run.params ?? {}).map((name) => `‖${name}‖`);
}
