/**
 * How a run's flat parameter vector appears in its events: by name (`params`: every value, row-major, in the
 * model's order) when the model has at most `PARAMS_IN_EVENTS_LIMIT` parameters, else one Euclidean norm per
 * tensor (`norms`). The lesson's linear regression names its parameters w and b, and carries them by those names
 * in the `w` and `b` fields v1 readers know, and only there: a copy in `params` would double every step event of
 * the hot path (`parameterValues(e)` of @gradstream/events reads either form).
 */
import { PARAMS_IN_EVENTS_LIMIT, type ParamNorms, type ParamValues } from '@gradstream/events';
import { sizeOf, type Model } from './model.js';

/** The parameter fields of a run, step, epoch or done event. */
export interface ParameterFields {
  params?: ParamValues;
  norms?: ParamNorms;
  w?: number[];
  b?: number;
}

/**
 * @example
 * import { linearRegression, ParameterView } from '@gradstream/trainer';
 * const view = new ParameterView(linearRegression(2));
 * console.log(view.fields(Float64Array.of(2, -3.4, 4.2))); // { w: [ 2, -3.4 ], b: 4.2 }
 */
export class ParameterView {
  /** The lesson's layout: w (d entries) then b — its events keep the `w` and `b` fields. */
  readonly legacy: boolean;
  private readonly tensors: { name: string; from: number; size: number }[];
  private readonly byNorm: boolean;

  constructor(model: Model) {
    const [w, b] = model.parameters;
    this.legacy = model.parameters.length === 2 && w.name === 'w' && b.name === 'b' && sizeOf(b.shape) === 1;
    let from = 0;
    this.tensors = model.parameters.map(({ name, shape }) => {
      const t = { name, from, size: sizeOf(shape) };
      from += t.size;
      return t;
    });
    this.byNorm = from > PARAMS_IN_EVENTS_LIMIT;
  }

  /** Fresh arrays (events are handed to subscribers and must not change afterwards). */
  fields(p: Float64Array): ParameterFields {
    if (this.byNorm) {
      const norms: ParamNorms = {};
      for (const { name, from, size } of this.tensors) {
        let s = 0;
        for (let i = from; i < from + size; i++) s += p[i] * p[i];
        norms[name] = Math.sqrt(s);
      }
      return { norms };
    }
    // Plain loops: Array.from(subarray) costs a view allocation and an iterator per call.
    if (this.legacy) {
      const w = new Array<number>(p.length - 1);
      for (let i = 0; i < w.length; i++) w[i] = p[i];
      return { w, b: p[p.length - 1] };
    }
    const params: ParamValues = {};
    for (const { name, from, size } of this.tensors) {
      const values = new Array<number>(size);
      for (let i = 0; i < size; i++) values[i] = p[from + i];
      params[name] = values;
    }
    return { params };
  }
}
