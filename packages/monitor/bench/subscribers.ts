// Child process of monitor.bench.ts: N real `ws` subscribers in their own process, so parsing frames
// does not steal the trainer's event loop. For every run it records each frame's arrival time (wall
// clock, comparable across processes on one machine); the parent sends the emission times once the
// run is over, and this process turns them into delivery latencies.
//
// Arguments: <ws url> <subscribers> [maxHz: 0 = every step] [batch: 1 = connect with ?batch=1 and decode its binary and steps frames].
// Messages (IPC): parent → { emitted: number[] (by seq), warmUp?: true (latencies not kept) } | { report: true };
//                 child → { ready: true } | { delivered: events, frames, lastArrival, slowest, cpuMs } | { latencies: Float64Array } (ms).
// Fork it with `serialization: 'advanced'` (typed arrays over IPC).
import WebSocket from 'ws';
import { decodeSteps, type BatchServerFrame } from '../src/index.js';

const [url, countText, maxHzText = '0', batchText = '0'] = process.argv.slice(2);
const count = Number(countText);
const maxHz = Number(maxHzText);
const now = () => performance.timeOrigin + performance.now();

const arrivals: number[][] = Array.from({ length: count }, () => []);
let finished = 0;
let frames = 0;
let delivered = 0;
/** CPU time of this process since the last report (the previous run). */
let cpuMark = process.cpuUsage();
let lastArrival = 0;
let emitted: number[] | null = null;
/** The run being settled is a warm-up run: its latencies are not kept. */
let warmUp = false;
const latencies: number[] = [];

function settle(): void {
  if (finished < count || emitted === null) return;
  let slowest = 0;
  for (const perClient of arrivals) {
    for (let seq = 1; seq < perClient.length; seq++) {
      if (perClient[seq] === undefined || emitted[seq] === undefined) continue;
      const latency = perClient[seq] - emitted[seq];
      if (!warmUp) latencies.push(latency);
      slowest = Math.max(slowest, latency);
    }
    perClient.length = 0;
  }
  const cpu = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  process.send?.({ delivered, frames, lastArrival, slowest, cpuMs: (cpu.user + cpu.system) / 1000 });
  finished = 0;
  frames = 0;
  delivered = 0;
  emitted = null;
}

let opened = 0;
for (let i = 0; i < count; i++) {
  const ws = new WebSocket(batchText === '1' ? `${url}${url.includes('?') ? '&' : '?'}batch=1` : url);
  ws.on('error', (err) => {
    console.error(`subscriber ${i}: ${err.message}`);
    process.exit(1);
  });
  ws.once('open', () => {
    if (maxHz > 0) ws.send(JSON.stringify({ type: 'subscribe', maxHz }));
  });
  ws.once('message', () => {
    if (++opened === count) {
      cpuMark = process.cpuUsage();
      process.send?.({ ready: true });
    }
  });
  // An event arrives when the client has it as an object: parsed, or decoded from a binary frame or a steps frame.
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? null : (JSON.parse(String(data)) as BatchServerFrame);
    if (frame !== null && frame.type !== 'steps' && (!('seq' in frame) || frame.type === 'hello')) return;
    const events = frame === null || frame.type === 'steps' ? decodeSteps(frame ?? (data as Buffer)) : [frame];
    const t = now();
    for (const event of events) arrivals[i][event.seq] = t;
    arrived(t, events.length);
    if (events[events.length - 1].type === 'done') {
      finished++;
      settle();
    }
  });
}

function arrived(t: number, events: number): void {
  frames++;
  delivered += events;
  lastArrival = t;
}

process.on('message', (message: { emitted?: number[]; warmUp?: boolean; report?: boolean }) => {
  if (message.emitted) {
    emitted = message.emitted;
    warmUp = message.warmUp === true;
    settle();
  } else if (message.report) {
    process.send?.({ latencies: Float64Array.from(latencies) }, () => process.exit(0));
  }
});
