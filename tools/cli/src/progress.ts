/**
 * A progress bar on stderr for runs that last longer than a second — only when stderr is a terminal,
 * so pipes and log files never see carriage returns.
 *
 * @example
 * import { createProgress } from './progress.js';
 * const progress = createProgress(300);
 * progress.update(150); // after a second: [##########          ] 50% step 150/300
 * progress.stop();
 */
export interface Progress {
  update(step: number, loss?: number): void;
  stop(): void;
}

const NOOP: Progress = { update() {}, stop() {} };

export function createProgress(totalSteps: number | undefined, stream: NodeJS.WriteStream = process.stderr, delayMs = 1000): Progress {
  if (!stream.isTTY) return NOOP;
  const started = performance.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(step, loss) {
      const now = performance.now();
      if (now - started < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const fraction = totalSteps ? Math.min(1, step / totalSteps) : 0;
      const bar = totalSteps ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` : '';
      const lossText = loss === undefined ? '' : `  loss ${loss.toFixed(6)}`;
      stream.write(`\r${bar}step ${step}${totalSteps ? '/' + totalSteps : ''}${lossText}\x1b[K`);
    },
    stop() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
