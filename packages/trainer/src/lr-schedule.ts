/**
 * A learning-rate schedule: the lr of each step. Linear decay is what micrograd's demo uses
 * (`learning_rate = 1.0 - 0.9*k/100`); the run records it in `run.config.schedule`.
 */
import type { LrSchedule } from '@gradstream/events';
import { checkPositive, checkPositiveInteger, checkKnownKeys, invalidArgument } from '@gradstream/data';

/**
 * The lr of the step with 0-based index k: lr + (lrEnd − lr)·min(k, steps)/steps, or lr without a schedule.
 *
 * @example
 * import { learningRate } from '@gradstream/trainer';
 * const schedule = { name: 'linear', lrEnd: 0.1, steps: 100 } as const;
 * console.log(learningRate(1, schedule, 0), learningRate(1, schedule, 50), learningRate(1, schedule, 200)); // 1 0.55 0.1
 */
export function learningRate(lr: number, schedule: LrSchedule | undefined, k: number): number {
  if (schedule === undefined) return lr;
  return lr + ((schedule.lrEnd - lr) * Math.min(k, schedule.steps)) / schedule.steps;
}

/** Validates a schedule (argument, rule, value). */
export function checkSchedule(schedule: unknown): LrSchedule {
  if (typeof schedule !== 'object' || schedule === null) throw invalidArgument('schedule', "must be an object { name: 'linear', lrEnd, steps }", schedule, TypeError);
  const s = schedule as Record<string, unknown>;
  checkKnownKeys('schedule', s, ['name', 'lrEnd', 'steps']);
  if (s.name !== 'linear') throw invalidArgument('schedule.name', 'must be linear', s.name);
  checkPositive('schedule.lrEnd', s.lrEnd as number);
  checkPositiveInteger('schedule.steps', s.steps as number);
  return { name: 'linear', lrEnd: s.lrEnd as number, steps: s.steps as number };
}
