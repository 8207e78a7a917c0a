/**
 * Checks of `minibatches`' structured options (explicit orders, resume point, pacing); each failure names
 * the option, the rule and the value.
 */
import type { StepGate } from './step-gate.js';
import { checkOptions, invalid, show } from './validate.js';

/** Pacing of a minibatch stream: see `MinibatchOptions.pace`. */
export interface Pace {
  sliceMs: number;
  ready?: () => void | Promise<void>;
  gate?: StepGate;
}

export function checkPace(value: unknown): Pace {
  const pace = checkOptions('pace', value);
  if (typeof pace.sliceMs !== 'number' || !(pace.sliceMs > 0) || !Number.isFinite(pace.sliceMs)) {
    throw invalid(RangeError, 'pace.sliceMs', 'must be a positive finite number', pace.sliceMs);
  }
  if (pace.ready !== undefined && typeof pace.ready !== 'function') throw invalid(TypeError, 'pace.ready', 'must be a function', pace.ready);
  if (pace.gate !== undefined && (typeof pace.gate !== 'object' || pace.gate === null || typeof (pace.gate as StepGate).tryTake !== 'function')) {
    throw invalid(TypeError, 'pace.gate', 'must be a StepGate', pace.gate);
  }
  return pace as unknown as Pace;
}

/** Copies and checks explicit orders: each must be a permutation of 0..n-1. */
export function checkOrders(value: unknown, n: number): Uint32Array[] {
  if (!Array.isArray(value)) throw invalid(TypeError, 'orders', 'must be an array of permutations', value);
  return value.map((order: unknown, e) => {
    const name = `orders[${e}]`;
    const rule = `must be a permutation of 0..${n - 1}`;
    if (typeof order !== 'object' || order === null || typeof (order as ArrayLike<number>).length !== 'number') {
      throw invalid(TypeError, name, rule, order);
    }
    const list = order as ArrayLike<number>;
    if (list.length !== n) throw new RangeError(`invalid argument. ${name} ${rule}. Value: \`${show(order)}\`. It has ${list.length} entries, not ${n}.`);
    const seen = new Uint8Array(n);
    const copy = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const v = list[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`invalid argument. ${name} ${rule}. Value: \`${show(order)}\`. Entry ${k} is ${show(v)}.`);
      }
      if (seen[v]) throw new RangeError(`invalid argument. ${name} ${rule}. Value: \`${show(order)}\`. Row ${v} appears twice.`);
      seen[v] = 1;
      copy[k] = v;
    }
    return copy;
  });
}

export function checkStartAt(value: unknown, epochs: number, perEpoch: number): { epoch: number; index: number } {
  const at = checkOptions('startAt', value);
  const { epoch, index } = at;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1 || epoch > epochs) {
    throw invalid(RangeError, 'startAt.epoch', `must be an integer between 1 and ${epochs}`, epoch);
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > perEpoch) {
    throw invalid(RangeError, 'startAt.index', `must be an integer between 0 and ${perEpoch}`, index);
  }
  return { epoch, index };
}
