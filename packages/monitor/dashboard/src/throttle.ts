/**
 * Coalesces many "something changed" signals into at most one redraw per `minIntervalMs`.
 *
 * Steps can arrive at 1 kHz; drawing each one would freeze the tab. `request()` only marks the
 * page dirty; one scheduled callback (requestAnimationFrame in the page) draws when at least
 * `minIntervalMs` has passed since the previous draw, so the page redraws at most ~10 times a second
 * at the default, and never when nothing changed. The clock and the scheduler are injected so the
 * logic is tested without timers.
 *
 * @example
 * import { createThrottle } from './throttle.js';
 * let draws = 0;
 * const t = createThrottle(() => draws++, { minIntervalMs: 100, now: () => performance.now(), schedule: (f) => setTimeout(f, 16) });
 * for (let k = 0; k < 50; k++) t.request(); // a burst of frames…
 * setTimeout(() => console.log(draws), 50); // …drawn once: 1
 */
export interface ThrottleOptions {
  minIntervalMs: number;
  /** Current time in ms (monotonic). */
  now: () => number;
  /** Runs a callback later, e.g. `requestAnimationFrame` or `(f) => setTimeout(f, 16)`. */
  schedule: (callback: () => void) => unknown;
}

export interface Throttle {
  /** Marks the page dirty; the draw happens later, coalesced with other requests. */
  request(): void;
  /** Draws now if dirty, whatever the interval (e.g. when the run ends). */
  flush(): void;
  /** How many draws ran. */
  readonly draws: number;
}

export function createThrottle(draw: () => void, { minIntervalMs, now, schedule }: ThrottleOptions): Throttle {
  if (!(minIntervalMs >= 0)) {
    throw new RangeError(`invalid argument. minIntervalMs must be a non-negative number. Value: \`${minIntervalMs}\`.`);
  }
  let dirty = false;
  let scheduled = false;
  let lastDraw = -Infinity;
  let draws = 0;

  const run = () => {
    dirty = false;
    lastDraw = now();
    draws++;
    draw();
  };
  const tick = () => {
    scheduled = false;
    if (!dirty) return;
    if (now() - lastDraw >= minIntervalMs) run();
    else arm();
  };
  const arm = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(tick);
  };

  return {
    request() {
      dirty = true;
      arm();
    },
    flush() {
      if (dirty) run();
    },
    get draws() {
      return draws;
    },
  };
}
