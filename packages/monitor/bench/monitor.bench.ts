// Benchmark (not a test): the lesson's training with a monitor and 100 live subscribers attached,
// against the same training with no monitor. Subscribers run in child processes (bench/subscribers.ts)
// so that parsing frames does not steal the trainer's event loop.
//
// Phases: subscribers that take every step (the firehose, worst case), then subscribers that ask for
// `maxHz: 60` (what a dashboard needs), each as v1 clients (a frame per event) and as `?batch=1` clients
// (`steps` frames: binary for the lesson's steps). For each it prints the training time (median, with and
// without the monitor, interleaved run by run in alternating order), frames/s and events/s delivered, p50/p90/p99/max delivery
// latency from the trainer's emission to the event decoded in a subscriber (wall clock, one machine), and
// the CPU time the server process and the subscriber processes spent per run (which, unlike the times,
// other load on the machine hardly changes). Then what each encoding of the steps costs a client
// (bench/encodings.ts), and what one run's frames cost a page in headless Chromium (bench/browser.ts).
// PROF=1 writes CPU profiles of the subscriber processes to /tmp/w4prof.
//
//   npm run bench -w @gradstream/monitor          (RUNS=120 SUBSCRIBERS=100 PROCS=2 to change the load; MODES=events,batch
//   and HZ=0,60 choose the phases; EXTRAS=0 skips the encodings and the browser part)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Subject, tap } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { trainLinearRegression } from '@gradstream/trainer';
import { serveMonitor } from '../src/index.js';
import { existsSync } from 'node:fs';
import { browserCosts } from './browser.js';
import { encodingCosts, eventEncodingCosts } from './encodings.js';

/** Monitored runs per phase (and as many without the monitor). The slowdown by medians of 40 runs read +2.8% to +10.6% from one bench run to the next; of 120, +1.8% to +3.2% in three runs. */
const RUNS = Number(process.env.RUNS ?? 120);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 100);
const PROCS = Number(process.env.PROCS ?? 2);
/** Monitored runs before the measured ones (their latencies are not kept; the first one's slowest is printed). */
const WARM_UP_RUNS = Number(process.env.WARM_UP_RUNS ?? 5);
const now = () => performance.timeOrigin + performance.now();

/**
 * Trains the lesson once; resolves with the training time in ms (subscribe to `done`), wall clock and the
 * process's CPU time. The run is synchronous, so its CPU time is its own work: other processes taking the
 * core in the middle of it lengthen the wall time only.
 */
async function trainOnce(onEvent?: (e: TrainEvent) => void): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const events$ = onEvent ? trainLinearRegression().pipe(tap(onEvent)) : trainLinearRegression();
    events$.subscribe({
      complete: () => {
        const wall = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        resolve({ wall, cpu: (cpu.user + cpu.system) / 1000 });
      },
      error: reject,
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number | undefined) => (x ?? NaN).toFixed(2);
const slower = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;

type ChildMessage = { ready?: true; delivered?: number; frames?: number; lastArrival?: number; slowest?: number; cpuMs?: number; latencies?: Float64Array };
type Mode = 'events' | 'batch';
const LABELS: Record<Mode, string> = { events: 'a frame per event (v1)', batch: 'steps frames (?batch=1)' };
interface PhaseResult {
  label: string;
  /** Median training times, ms: wall clock and CPU, without and with the monitor. */
  plain: number;
  monitored: number;
  plainCpu: number;
  monitoredCpu: number;
  framesPerSecond: number;
  eventsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  /** The slowest delivery of the first monitored run after connecting (a warm-up run, its code not yet compiled), ms. */
  cold: number;
  /** CPU ms per monitored run: the server's process (training included) and the subscriber processes together. */
  cpu: { server: number; subscribers: number };
}

/** The subscriber processes (bench/subscribers.ts) for one phase, and a way to wait for one message from each. */
function spawnSubscribers(url: string, mode: Mode, maxHz: number) {
  // Subscribers are split over PROCS child processes, so that parsing their frames is not one core's bottleneck.
  const children = Array.from({ length: PROCS }, (_, i) => {
    const count = Math.floor(SUBSCRIBERS / PROCS) + (i < SUBSCRIBERS % PROCS ? 1 : 0);
    const args = [url, String(count), String(maxHz), mode === 'events' ? '0' : '1'];
    return fork(fileURLToPath(new URL('./subscribers.ts', import.meta.url)), args, {
      execArgv: ['--conditions=@gradstream/source', '--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/w4prof'] : [])],
      serialization: 'advanced',
    });
  });
  const nextMessages = () =>
    Promise.all(children.map((child) => new Promise<ChildMessage>((resolve) => child.once('message', (m) => resolve(m as ChildMessage)))));
  return { children, nextMessages };
}

async function phase(mode: Mode, maxHz: number): Promise<PhaseResult> {
  const events = new Subject<TrainEvent>();
  const server = await serveMonitor(events);
  const { children, nextMessages } = spawnSubscribers(server.wsUrl, mode, maxHz);
  await nextMessages(); // every subscriber has its hello
  for (let i = 0; i < 5; i++) await trainOnce(); // warm-up of the training (JIT, stdlib loading)
  // Warm-up of the monitored path too (the server's fan-out, the subscribers' decoding): the first runs
  // after connecting compile it. The first one's slowest delivery is printed apart; no latency of these is kept.
  const monitoredOnce = async (warmUp: boolean) => {
    const emitted: number[] = [0];
    const replies = nextMessages();
    const watched = await trainOnce((e) => {
      emitted.push(now());
      events.next(e);
    });
    for (const child of children) child.send({ emitted, warmUp });
    return { watched, emitted, reports: await replies };
  };
  const cold = Math.max(...(await monitoredOnce(true)).reports.map((m) => m.slowest ?? 0));
  for (let i = 1; i < WARM_UP_RUNS; i++) await monitoredOnce(true);

  const plain: number[] = [];
  const monitored: number[] = [];
  const plainCpu: number[] = [];
  const monitoredCpu: number[] = [];
  let delivered = 0;
  let frames = 0;
  let deliverMs = 0;
  let eventsPerRun = 0;
  const cpu = { server: 0, subscribers: 0 };
  // The run without the monitor takes the same timestamps as the monitored one (which needs them for the
  // latencies), so the two differ by the monitor only: the bench's tap and clock reads cost ~8% of a run.
  const trainAlone = async () => {
    const stamps: number[] = [0];
    const alone = await trainOnce(() => stamps.push(now()));
    plain.push(alone.wall);
    plainCpu.push(alone.cpu);
  };
  for (let r = 0; r < RUNS; r++) {
    // The order alternates (P M, M P, P M …): the garbage of a broadcast is collected during whichever run
    // comes next, and each kind of run comes next half the time.
    if (r % 2 === 0) await trainAlone();
    // The monitored run: events go to the server; emission times are kept by seq (seq = index + 1).
    const cpu0 = process.cpuUsage();
    const { watched, emitted, reports } = await monitoredOnce(false);
    monitored.push(watched.wall);
    monitoredCpu.push(watched.cpu);
    eventsPerRun = emitted.length - 1;
    const used = process.cpuUsage(cpu0);
    cpu.server += (used.user + used.system) / 1000 / RUNS;
    cpu.subscribers += reports.reduce((n, m) => n + (m.cpuMs ?? 0), 0) / RUNS;
    delivered += reports.reduce((n, m) => n + (m.delivered ?? 0), 0);
    frames += reports.reduce((n, m) => n + (m.frames ?? 0), 0);
    deliverMs += Math.max(...reports.map((m) => m.lastArrival ?? 0)) - emitted[1];
    if (r % 2 === 1) await trainAlone();
  }
  const reportReplies = nextMessages();
  for (const child of children) child.send({ report: true });
  const latencies = Float64Array.from((await reportReplies).flatMap((m) => [...(m.latencies ?? [])])).sort();
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const latency = { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latencies[latencies.length - 1] };
  await server.close();

  const label = `${maxHz > 0 ? `maxHz ${maxHz}` : 'every step'}, ${LABELS[mode]}`;
  const result = { label, plain: median(plain), monitored: median(monitored), plainCpu: median(plainCpu), monitoredCpu: median(monitoredCpu), framesPerSecond: frames / (deliverMs / 1000), eventsPerSecond: delivered / (deliverMs / 1000), latency, cold, cpu };
  printPhase(result, { eventsPerRun, delivered, frames, minPlain: Math.min(...plain), minMon: Math.min(...monitored) });
  return result;
}

function printPhase(result: PhaseResult, counts: { eventsPerRun: number; delivered: number; frames: number; minPlain: number; minMon: number }): void {
  const { label, latency, cpu, cold } = result;
  const { eventsPerRun, delivered, frames, minPlain, minMon } = counts;
  console.log(`${SUBSCRIBERS} subscribers in ${PROCS} processes, ${label}; ${RUNS} runs of ${eventsPerRun} events`);
  console.log(`  training time, no monitor         median ${f(result.plain)} ms   min ${f(minPlain)} ms`);
  console.log(`  training time, monitor attached   median ${f(result.monitored)} ms   min ${f(minMon)} ms   (${slower(result.plain, result.monitored)} slower by medians, ${slower(minPlain, minMon)} by minima; goal < 5%)`);
  console.log(`  training CPU time                 median ${f(result.plainCpu)} ms without, ${f(result.monitoredCpu)} ms with the monitor (${slower(result.plainCpu, result.monitoredCpu)})`);
  console.log(`  delivered                         ${delivered} events in ${frames} frames: ${Math.round(result.eventsPerSecond)} events/s, ${Math.round(result.framesPerSecond)} frames/s (first emission → last arrival, per run)`);
  console.log(`  CPU per run                       server process ${f(cpu.server)} ms (training included), subscriber processes ${f(cpu.subscribers)} ms`);
  console.log(`  delivery latency                  p50 ${f(latency.p50)} ms   p90 ${f(latency.p90)} ms   p99 ${f(latency.p99)} ms   max ${f(latency.max)} ms   (goal p99 < 50 ms)`);
  console.log(`  first monitored run (warm-up)     slowest delivery ${f(cold)} ms (the code of the fan-out and the decoding not yet compiled; not in the figures above)`);
}

console.log(`monitor benchmark: the d2l lesson (1000 rows, batch 10, 3 epochs, fused engine), subscribers on loopback in child processes`);
const modes = (process.env.MODES ?? 'events,batch').split(',') as Mode[];
const results: PhaseResult[] = [];
for (const maxHz of (process.env.HZ ?? '0,60').split(',').map(Number)) for (const mode of modes) results.push(await phase(mode, maxHz));
console.log('\n| subscribers | training time, no monitor / monitor (medians) | training CPU time, same | frames/s | events/s | CPU per run, server / subscribers | latency p50 / p90 / p99 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  const { p50, p90, p99 } = r.latency;
  console.log(`| ${r.label} | ${f(r.plain)} / ${f(r.monitored)} ms (${slower(r.plain, r.monitored)}) | ${f(r.plainCpu)} / ${f(r.monitoredCpu)} ms (${slower(r.plainCpu, r.monitoredCpu)}) | ${Math.round(r.framesPerSecond).toLocaleString('en')} | ${Math.round(r.eventsPerSecond).toLocaleString('en')} | ${f(r.cpu.server)} / ${f(r.cpu.subscribers)} ms | ${p50.toFixed(1)} / ${p90.toFixed(1)} / ${p99.toFixed(1)} ms |`);
}

if (process.env.EXTRAS === '0') process.exit(0);
console.log('\nwhat a client pays for the 100 steps of one epoch, by encoding (one process, no sockets; medians of 15 interleaved rounds)');
console.log('| encoding | bytes | decode into step objects |');
console.log('|---|---|---|');
for (const c of encodingCosts()) console.log(`| ${c.name} | ${c.bytes.toLocaleString('en')} | ${c.decodeUs.toFixed(0)} µs |`);
console.log('\nwhat a client pays for the events of one run that ?batch=1 clients get binary (the run event with its data sample), by encoding (same method)');
console.log('| encoding | bytes | decode into event objects |');
console.log('|---|---|---|');
for (const c of eventEncodingCosts()) console.log(`| ${c.name} | ${c.bytes.toLocaleString('en')} | ${c.decodeUs.toFixed(0)} µs |`);

if (existsSync('/usr/bin/chromium')) {
  console.log('\nin headless Chromium: handling the frames of one run as the page would (JSON.parse, decodeSteps), ms per run');
  console.log('| client | messages per run | handling them (median of 15 rounds) |');
  console.log('|---|---|---|');
  for (const c of await browserCosts(5)) console.log(`| ${c.client} | ${c.messages} | ${c.handlerMs.toFixed(2)} ms |`);
} else {
  console.log('\n(no /usr/bin/chromium: the browser part is skipped)');
}
