/**
 * How far a run is from a reference: the worst deviation of each recorded number (step loss, w, b, epoch
 * loss) and where it happened, plus structural problems; and that comparison as lines for a terminal.
 */
import { parameterRow, type TrainEvent } from '@gradstream/events';
import type { ModelFixture } from './model-fixture.js';
import type { ReferenceFixture } from './reference-fixture.js';
import { asModelFixture } from './reference-run.js';
import { subscriptName } from './model.js';

/** The largest absolute deviation of one kind of number, and where it happened. */
export interface Deviation {
  value: number;
  epoch: number;
  /** 1-based step inside the epoch (step quantities only). */
  step?: number;
  /** Which parameter entry, e.g. `w₂` or `W1₃,₁₆` (parameter deviations only). */
  parameter?: string;
}

export interface ReferenceComparison {
  stepsCompared: number;
  epochsCompared: number;
  /** Structural differences: missing or extra steps, different batch sizes, an error event. */
  problems: string[];
  worst: { loss: Deviation; params: Deviation; epochLoss: Deviation; epochAccuracy: Deviation };
  /** max over the worst deviations (Infinity when there are problems). */
  maxDeviation: number;
}

/**
 * Compares a run's events with a reference, step by step (loss, every parameter) and epoch by epoch (loss, and
 * accuracy for classifiers). Either fixture format: the lesson's or any model's.
 *
 * @example
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { compareToReference, referenceRun } from '@gradstream/trainer';
 * import { readFixture } from '@gradstream/trainer/node';
 * const fx = await readFixture('../../fixtures/micrograd-moons.json');
 * const c = compareToReference(await lastValueFrom(referenceRun(fx).pipe(toArray())), fx);
 * console.log(c.stepsCompared, c.maxDeviation < 1e-9); // 20 true
 */
export function compareToReference(events: readonly TrainEvent[], reference: ReferenceFixture | ModelFixture): ReferenceComparison {
  const fx = asModelFixture(reference);
  const names = fx.parameters.flatMap(({ name, shape }) => subscriptName(name, shape));
  const zero = (): Deviation => ({ value: 0, epoch: 0 });
  const worst = { loss: zero(), params: zero(), epochLoss: zero(), epochAccuracy: zero() };
  const problems: string[] = [];
  const steps = events.filter((e) => e.type === 'step');
  const epochs = events.filter((e) => e.type === 'epoch');
  const err = events.find((e) => e.type === 'error');
  if (err) problems.push(`the run stopped with an error: ${err.message}`);
  if (steps.length !== fx.steps.length) problems.push(`the run took ${steps.length} steps, the reference ${fx.steps.length}`);
  if (epochs.length !== fx.epochLoss.length) problems.push(`the run reported ${epochs.length} epochs, the reference ${fx.epochLoss.length}`);
  const bump = (slot: Deviation, value: number, at: Omit<Deviation, 'value'>) => {
    if (!(value <= slot.value)) Object.assign(slot, { value, ...at });
  };
  const m = Math.min(steps.length, fx.steps.length);
  for (let i = 0; i < m; i++) {
    const s = steps[i];
    const r = fx.steps[i];
    if (s.epoch !== r.epoch || s.step !== r.step || s.size !== r.size) {
      problems.push(`step ${i + 1} is epoch ${s.epoch} step ${s.step} size ${s.size}; the reference has epoch ${r.epoch} step ${r.step} size ${r.size}`);
      break;
    }
    const at = { epoch: r.epoch, step: r.step };
    bump(worst.loss, Math.abs(s.loss - r.loss), at);
    const row = parameterRow(s);
    if (row.length !== r.params.length) {
      problems.push(`step ${i + 1} carries ${row.length} parameter values, the reference ${r.params.length}`);
      break;
    }
    r.params.forEach((v, j) => bump(worst.params, Math.abs(row[j] - v), { ...at, parameter: names[j] }));
  }
  const me = Math.min(epochs.length, fx.epochLoss.length);
  for (let i = 0; i < me; i++) {
    bump(worst.epochLoss, Math.abs(epochs[i].loss - fx.epochLoss[i]), { epoch: i + 1 });
    const accuracy = fx.epochAccuracy?.[i];
    if (accuracy !== undefined) bump(worst.epochAccuracy, Math.abs((epochs[i].accuracy ?? NaN) - accuracy), { epoch: i + 1 });
  }
  const maxDeviation = problems.length > 0 ? Infinity : Math.max(...Object.values(worst).map((d) => d.value));
  return { stepsCompared: m, epochsCompared: me, problems, worst, maxDeviation };
}

/**
 * The comparison as a few lines for a terminal.
 *
 * @example
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { compareToReference, formatComparison, referenceRun } from '@gradstream/trainer';
 * import { readReference } from '@gradstream/trainer/node';
 * const fixture = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * const events = await lastValueFrom(referenceRun(fixture, { engine: 'autograd' }).pipe(toArray()));
 * console.log(formatComparison(compareToReference(events, fixture), 1e-9)); // … OK: every deviation is within 1e-9
 */
export function formatComparison(c: ReferenceComparison, tolerance = 1e-9): string {
  const at = (d: Deviation) =>
    d.value === 0 ? 'every step (exact)' : d.step === undefined ? `epoch ${d.epoch}` : `epoch ${d.epoch} step ${d.step}${d.parameter === undefined ? '' : ` ${d.parameter}`}`;
  const lines = [
    `compared ${c.stepsCompared} steps and ${c.epochsCompared} epochs`,
    `worst step loss deviation  ${c.worst.loss.value.toExponential(2)} at ${at(c.worst.loss)}`,
    `worst parameter deviation  ${c.worst.params.value.toExponential(2)} at ${at(c.worst.params)}`,
    `worst epoch loss deviation ${c.worst.epochLoss.value.toExponential(2)} at ${at(c.worst.epochLoss)}`,
    `worst accuracy deviation   ${c.worst.epochAccuracy.value.toExponential(2)} at ${at(c.worst.epochAccuracy)}`,
    ...c.problems.map((p) => `problem: ${p}`),
    c.maxDeviation <= tolerance ? `OK: every deviation is within ${tolerance}` : `FAIL: deviations exceed ${tolerance}`,
  ];
  return lines.join('\n');
}
