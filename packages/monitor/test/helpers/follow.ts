// Test helper: a fromMonitor client that follows a server across restarts (quick reconnects), collecting its events.
import type { TrainEvent } from '@gradstream/events';
import { fromMonitor } from '../../src/index.js';

/** Subscribes `fromMonitor(wsUrl)`; `received` fills as events arrive, `done` resolves when the stream completes. */
export function follow(wsUrl: string): { received: TrainEvent[]; done: Promise<void> } {
  const received: TrainEvent[] = [];
  const done = new Promise<void>((resolve, reject) =>
    fromMonitor(wsUrl, { reconnect: { delayMs: 20, maxDelayMs: 50 } }).subscribe({ next: (e) => received.push(e), complete: resolve, error: reject }),
  );
  return { received, done };
}
