// W7b, a `serve --redis` replica catching up a long history (issue 17): two stored runs of 1,000,000 events each in a
// real redis-server, then `serveRuns(runsFromRedis(url))` — what `gradstream serve --redis` runs — started next to
// them. Prints how long catching up took, the event loop's longest stall (a 10 ms timer's longest gap: a replica's
// heartbeat and its WebSocket clients wait that long) and the peak growth of the process's RSS.
import type { TaggedEvent } from '@gradstream/events';
import { serveRuns } from '@gradstream/monitor';
import { RunPublisher, runsFromRedis } from '@gradstream/redis';
import { tap } from 'rxjs';
import { fakeRun } from '../../../packages/redis/test/helpers/fake-run.js';
import { startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { fmt } from './harness.js';

const RUNS = 2;
const EPOCHS = 1000; // of 1,000 steps and an epoch event each: 1,001,002 events a run
const redis = await startRedis();
try {
  for (let r = 0; r < RUNS; r++) {
    const publisher = new RunPublisher(redis.url, `history-${r}`, { bufferLimit: 10_000_000 });
    for (const e of fakeRun(EPOCHS, 1000)) publisher.publish(e);
    await publisher.close();
  }
  const rssBefore = process.memoryUsage().rss;
  let [longestGap, peakRss, last] = [0, rssBefore, performance.now()];
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  let [events, done] = [0, 0];
  let resolveCaughtUp = () => {};
  const caughtUp = new Promise<void>((resolve) => (resolveCaughtUp = resolve));
  const count = (te: TaggedEvent) => {
    events++;
    if (te.event.type === 'done' && ++done === RUNS) resolveCaughtUp();
  };
  const start = performance.now();
  const server = await serveRuns(runsFromRedis(redis.url).pipe(tap(count)), { port: 0 });
  await caughtUp;
  const ms = performance.now() - start;
  clearInterval(ticker);
  await server.close();
  console.log(`W7b replica catching up ${RUNS} stored runs, ${events.toLocaleString('en-US')} events (serveRuns on runsFromRedis)`);
  console.log(`  caught up in ${fmt(ms)} ms (${fmt(events / ms / 1000)} M events/s); longest event-loop stall ${fmt(longestGap)} ms; peak RSS +${fmt((peakRss - rssBefore) / 2 ** 20)} MiB`);
} finally {
  await redis.stop();
}
