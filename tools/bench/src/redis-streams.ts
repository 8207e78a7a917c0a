// W7, Redis Streams (issue 17), against a real redis-server started here (appendonly yes, loopback):
//   1. events/s published: the lesson's own step events (a 100,000-row run: 30,000 steps) through RunPublisher;
//   2. the lesson's slowdown when every event is published, at full speed (the CLI's 25 ms slices, no pacing);
//   3. latency from the trainer's event to a WebSocket subscriber of a `serve --redis` replica (runsFromRedis → serveRuns).
import { syntheticLinear } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { RunPublisher, toRedis } from '@gradstream/redis';
import { trainOn } from '@gradstream/trainer';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { alternate, fmt, median, printGoal, printTable } from './harness.js';
import { measureLatency } from './redis-latency.js';

const redis = await startRedis();
let round = 0;
const nextId = (name: string) => `${name}-${round++}`;

try {
  // 1. Throughput: events already made (the trainer's own), so only publishing is timed.
  const big = await lastValueFrom(trainOn(syntheticLinear({ n: 100_000, seed: 7 }), { lr: 0.03, seed: 7, explain: { every: 0 } }).pipe(toArray()));
  const publishAll = async (events: TrainEvent[]) => {
    const publisher = new RunPublisher(redis.url, nextId('throughput'), { bufferLimit: 1_000_000 });
    await publisher.flushed(); // connected: connection set-up is not the figure
    for (const e of events) publisher.publish(e);
    await publisher.close();
    if (publisher.stats.added !== events.length) throw new Error(`W7: ${publisher.stats.added} of ${events.length} events stored`);
  };
  const [published] = await alternate([{ name: 'RunPublisher → XADD pipelines', run: () => publishAll(big) }], { warmup: 1, rounds: 5 });
  printTable(`W7 publish: ${big.length} events of a 30,000-step lesson run (round-trips of ≤ 1,000 events, steps as blocks)`, [published!], { itemsPerRun: big.length, itemName: 'events' });

  // 2. The lesson at full speed (CLI pacing: 25 ms slices, no gate), alone and publishing every event.
  for (const n of [1000, 100_000]) {
    const ds = syntheticLinear({ n, seed: 7 });
    const options = { lr: 0.03, seed: 7, pace: { sliceMs: 25 } };
    const [warmup, rounds] = n === 1000 ? [3, 21] : [2, 7];
    // Connected before timing (a trainer connects once, before its run): a fresh run id per round.
    const trainedMs: number[] = [];
    const publishers = await Promise.all(Array.from({ length: warmup + rounds }, async () => {
      const p = new RunPublisher(redis.url, nextId('lesson'));
      await p.flushed();
      return p;
    }));
    const results = await alternate(
      [
        { name: 'train alone', run: () => lastValueFrom(trainOn(ds, options)) },
        {
          name: 'train + publish every event (until stored)',
          run: async () => {
            const publisher = publishers.shift()!;
            const start = performance.now();
            const trained = tap<TrainEvent>({ complete: () => trainedMs.push(performance.now() - start) });
            await lastValueFrom(trainOn(ds, { ...options, pace: { ...options.pace, ready: () => publisher.ready() } }).pipe(trained, toRedis(publisher)));
            await publisher.close();
          },
        },
      ],
      { warmup, rounds },
    );
    printTable(`W7 lesson n=${n} (${(n / 10) * 3} steps), full speed`, results);
    // The trainer does not wait for Redis (unless the queue passes its bound): its own end comes before the last reply.
    const trainerMs = median(trainedMs.slice(warmup));
    console.log(`  the trainer's own end, publishing: median ${fmt(trainerMs)} ms  ${fmt(trainerMs / results[0]!.median)}× train alone`);
    printGoal(`W7 n=${n} training slowdown publishing every event (trainer's end)`, trainerMs / results[0]!.median - 1, 0.1, '<=');
    printGoal(`W7 n=${n} slowdown until every event is stored`, results[1]!.median / results[0]!.median - 1, 0.1, '<=');
  }

  // 3. Trainer → Redis → serve replica → WebSocket subscriber.
  const latency = await measureLatency(redis.url, nextId('latency'));
  console.log(`\nW7 latency trainer → Redis → serve replica → WebSocket (${latency.samples} step events at ${latency.rate} steps/s)`);
  console.log(`  p50 ${fmt(median(latency.ms))} ms  p99 ${fmt(latency.p99)} ms  max ${fmt(Math.max(...latency.ms))} ms`);
} finally {
  await redis.stop();
}
