/**
 * Reading parameters by name from any event, old or new: a run recorded before models were values carries
 * linear regression's `w` and `b`; a newer one carries `params` (or, for a large model, only `norms`).
 */
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
