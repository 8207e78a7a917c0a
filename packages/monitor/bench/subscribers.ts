// Child process of monitor.bench.ts: N real `ws` subscribers in their own process, so parsing frames
// does not steal the trainer's event loop. For every run it records each frame's arrival time (wall
// clock, comparable across processes on one machine); the parent sends the emission times once the
// run is over, and this process turns them into delivery latencies.
//
// Arguments: <ws url> <subscribers> [maxHz: 0 = every step].
// Messages (IPC): parent → { emitted: number[] } (by seq) | { report: true };
//                 child → { ready: true } | { delivered: frames, lastArrival } | { latencies: Float64Array } (ms).
// Fork it with `serialization: 'advanced'` (typed arrays over IPC).
import WebSocket from 'ws';

const [url, countText, maxHzText = '0'] = process.argv.slice(2);
const count = Number(countText);
const maxHz = Number(maxHzText);
const now = () => performance.timeOrigin + performance.now();

const arrivals: number[][] = Array.from({ length: count }, () => []);
let finished = 0;
let frames = 0;
let lastArrival = 0;
let emitted: number[] | null = null;
const latencies: number[] = [];

function settle(): void {
  if (finished < count || emitted === null) return;
  for (const perClient of arrivals) {
    for (let seq = 1; seq < perClient.length; seq++) {
      if (perClient[seq] !== undefined && emitted[seq] !== undefined) latencies.push(perClient[seq] - emitted[seq]);
    }
    perClient.length = 0;
  }
  process.send?.({ delivered: frames, lastArrival });
  finished = 0;
  frames = 0;
  emitted = null;
}

let opened = 0;
for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url);
  ws.on('error', (err) => {
    console.error(`subscriber ${i}: ${err.message}`);
    process.exit(1);
  });
  ws.once('open', () => {
    if (maxHz > 0) ws.send(JSON.stringify({ type: 'subscribe', maxHz }));
  });
  ws.once('message', () => {
    if (++opened === count) process.send?.({ ready: true });
  });
  ws.on('message', (data) => {
    const t = now();
    const frame = JSON.parse(String(data)) as { type: string; seq?: number };
    if (frame.seq === undefined || frame.type === 'hello') return;
    arrivals[i][frame.seq] = t;
    frames++;
    lastArrival = t;
    if (frame.type === 'done') {
      finished++;
      settle();
    }
  });
}

process.on('message', (message: { emitted?: number[]; report?: boolean }) => {
  if (message.emitted) {
    emitted = message.emitted;
    settle();
  } else if (message.report) {
    process.send?.({ latencies: Float64Array.from(latencies) }, () => process.exit(0));
  }
});
