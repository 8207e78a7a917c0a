// Shared test helpers: collect a cold Observable's events, load the shipped PyTorch fixture.
import { readFileSync } from 'node:fs';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { validateReference, type ReferenceFixture } from '../src/index.js';

export const FIXTURE_PATH = new URL('../../../fixtures/d2l-linreg-sgd.json', import.meta.url).pathname;

export function loadFixture(): ReferenceFixture {
  return validateReference(JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')), FIXTURE_PATH);
}

export function collect<T = TrainEvent>(o: Observable<T>): Promise<T[]> {
  return lastValueFrom(o.pipe(toArray()));
}

/** Events without wall-clock fields, for bit-for-bit comparisons between runs. */
export function timeless(events: TrainEvent[]): unknown[] {
  return events.map((e) => {
    const { ...c } = e as unknown as Record<string, unknown>;
    delete c.elapsedMs;
    delete c.startedAt;
    return c;
  });
}
