/**
 * W7's latency figure: a paced lesson run publishes to Redis from this process, a real `gradstream serve --redis`
 * replica (its own process, the CLI's bin) serves it, and a WebSocket client here watches the run. Both times
 * — the trainer emitting step g, the client receiving step g — are taken in this process, so no clocks are compared.
 *
 * @example
 * // not run: it needs a Redis server and the CLI
 * import { measureLatency } from './redis-latency.js';
 * const { ms, p99 } = await measureLatency('redis://127.0.0.1:6379', 'latency-1');
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StepGate, syntheticLinear } from '@gradstream/data';
import { RunPublisher, toRedis } from '@gradstream/redis';
import { trainOn } from '@gradstream/trainer';
import { lastValueFrom, tap } from 'rxjs';
import WebSocket from 'ws';

const BIN = fileURLToPath(new URL('../../cli/bin/gradstream.js', import.meta.url));
const RATE = 500;
const PREFIX = 'w7-latency:';

export interface Latency {
  ms: number[];
  p99: number;
  samples: number;
  rate: number;
}

/** Starts `gradstream serve --redis url` and resolves with its WebSocket address and a way to stop it. */
async function startReplica(url: string): Promise<{ wsUrl: string; stop: () => void }> {
  // A prefix of its own: the replica serves this run only, not every run the other workloads left in Redis.
  const child = spawn(process.execPath, [BIN, 'serve', '--redis', url, '--redis-prefix', PREFIX], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const wsUrl = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /^websocket: (ws:\/\/\S+)$/m.exec(stderr);
      if (m && stderr.includes('serving every run')) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`serve --redis exited: ${stderr}`)));
  });
  return { wsUrl, stop: () => child.kill('SIGTERM') };
}

export async function measureLatency(url: string, runId: string): Promise<Latency> {
  const replica = await startReplica(url);
  const emitted = new Map<number, number>();
  const ms: number[] = [];
  const ws = new WebSocket(replica.wsUrl);
  let watching = false;
  ws.on('message', (data) => {
    const now = performance.now();
    const frame = JSON.parse(String(data)) as { type: string; runId?: string; globalStep?: number; runs?: { id: string }[] };
    if (!watching && frame.runs?.some((r) => r.id === runId)) {
      watching = true;
      ws.send(JSON.stringify({ type: 'watch', runs: [runId] }));
    }
    const sent = frame.type === 'step' && frame.runId === runId ? emitted.get(frame.globalStep!) : undefined;
    if (sent !== undefined) ms.push(now - sent);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const publisher = new RunPublisher(url, runId, { prefix: PREFIX });
  const gate = new StepGate({ stepsPerSecond: RATE });
  const ds = syntheticLinear({ n: 10_000, seed: 7 });
  await lastValueFrom(
    trainOn(ds, { lr: 0.03, seed: 7, epochs: 1, pace: { sliceMs: 25, gate, ready: () => publisher.ready() } }).pipe(
      tap((e) => e.type === 'step' && emitted.set(e.globalStep, performance.now())),
      toRedis(publisher),
    ),
  );
  await publisher.close();
  await new Promise((r) => setTimeout(r, 500)); // the last frames
  ws.close();
  replica.stop();
  // The first steps went out before the client watched the run (they came in its history): only live ones count.
  const sorted = [...ms].sort((a, b) => a - b);
  return { ms, p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!, samples: ms.length, rate: RATE };
}
