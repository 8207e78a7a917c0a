/**
 * The browser example: trains the lesson with `@gradstream/trainer` in the page and draws each step's loss.
 * Each epoch's loss is written in full (`data-loss`, shortest round-trip digits) so a test can compare it
 * with a Node run bit for bit; `data-state` on <body> says when the run is done.
 *
 * @example
 * // not run: it needs a page (npx esbuild examples/browser/main.ts --bundle --format=esm --outdir=examples/browser --servedir=examples/browser)
 */
import { trainLinearRegression } from '@gradstream/trainer';

const canvas = document.querySelector<HTMLCanvasElement>('#loss')!;
const epochs = document.querySelector<HTMLOListElement>('#epochs')!;
const fit = document.querySelector<HTMLParagraphElement>('#fit')!;
const losses: number[] = [];

/** The step losses as a line on a log scale, fitted to the canvas. */
function draw(): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const logs = losses.map((l) => Math.log10(l));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  ctx.strokeStyle = '#1f6feb';
  ctx.beginPath();
  logs.forEach((v, i) => {
    const x = (i / Math.max(1, 300 - 1)) * (width - 20) + 10;
    const y = height - 10 - ((v - lo) / Math.max(1e-12, hi - lo)) * (height - 20);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

// Paced: batches come in slices of 8 ms, so the page draws while it trains (pacing never changes the numbers).
trainLinearRegression({ pace: { sliceMs: 8 } }).subscribe({
  next: (e) => {
    if (e.type === 'step') losses.push(e.loss);
    if (e.type === 'epoch') {
      const item = document.createElement('li');
      item.dataset.loss = String(e.loss);
      item.textContent = `epoch ${e.epoch}, loss ${e.loss.toFixed(6)}`;
      epochs.append(item);
      draw();
    }
    if (e.type === 'done') fit.textContent = `w = [${e.w!.map((v) => v.toFixed(4)).join(', ')}], b = ${e.b!.toFixed(4)} (true: [2, −3.4], 4.2)`;
  },
  error: (err: unknown) => {
    document.body.dataset.state = 'failed';
    fit.textContent = String(err);
  },
  complete: () => {
    draw();
    document.body.dataset.state = 'done';
  },
});
