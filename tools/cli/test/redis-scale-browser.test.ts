// Issue 17's acceptance on one machine simulating three: one redis-server, two `gradstream worker` processes, two
// `gradstream serve --redis` replicas and one `gradstream sweep --redis` of 8 runs. A worker is killed with SIGKILL
// mid-run; all 8 runs end, each with the final parameters of the run trained alone, bit for bit, and each epoch
// once. A dashboard in headless Chromium on replica 1 shows the 8 runs; replica 1 is killed with SIGKILL, and the
// same page, by itself, goes on with replica 2 (its header says so) and shows the same runs, statuses and seq numbers,
// as replica 2 sent them to it. The replicas share a token, which the page carries along.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseTrainEvent, type DoneEvent, type TrainEvent } from '@gradstream/events';
import { fromRedis, JobQueue } from '@gradstream/redis';
import { firstValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium, openPage, readHook, until } from '../../../packages/monitor/test/helpers/chromium.js';
import { runCli, startCli } from './cli.js';
import { useRedis } from './redis-fixture.js';

const browser = await launchChromium();
const fixture = useRedis(test, () => browser.close());

/** Starts the bin, keeps its stderr, and resolves `printed` once a line matches. */
function start(args: string[]) {
  const child = fixture.track(startCli(args));
  const log = { text: '' };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log.text += d));
  const printed = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const m = re.exec(log.text);
        if (m) resolve(m);
      };
      child.stderr!.on('data', look);
      child.on('close', () => reject(new Error(`${args.join(' ')} exited: ${log.text}`)));
      look();
    });
  return { child, log, printed };
}

const N = ['--n', '60000'];
const LRS = ['0.003', '0.03', '0.3', '3'];
const IDS = LRS.flatMap((lr) => ['10', '100'].map((bs) => `lr=${lr},bs=${bs},seed=42`));

test('8 runs over 2 workers (one SIGKILLed) and 2 serve replicas: bit for bit, each epoch once, the same runs and seqs on both replicas', async () => {
  const replicas = [0, 1].map(() => start(['serve', '--redis', fixture.redis.url, '--token', 'T']));
  const urls = await Promise.all(replicas.map(async (r) => (await r.printed(/^dashboard: (\S+)$/m))[1]!));
  // Paced: a batch-10 run lasts at least 1.8 s (unpaced, ~0.6 s), so the worker is still in it when the test kills it. Pacing
  // changes when the steps happen, not their numbers: they are compared with unpaced `train` runs below.
  const pace = ['--steps-per-second', '10000'];
  const workers = ['a', 'b'].map((name) => ({ name, ...start(['worker', '--redis', fixture.redis.url, '--claim-idle-ms', '1000', '--name', name, ...pace]) }));
  const sweep = runCli(['sweep', '--redis', fixture.redis.url, '--lr', LRS.join(','), '--batch-size', '10,100', ...N], { timeoutMs: 180_000 });

  // The worker that starts a batch-10 run (18,000 steps) first is killed in its middle, once that run's checkpoint is
  // in Redis. Either may start one first: on a loaded machine worker b once took every batch-10 run.
  const batch10 = (w: (typeof workers)[number]) =>
    w.printed(new RegExp(`${w.name}-\\d+: (lr=0\\.0?0?3,bs=10,seed=42) started\n`)).then(
      (m) => ({ victim: w, killed: m[1]! }),
      () => new Promise<never>(() => {}), // a worker that exits first leaves the race to the other
    );
  const stopTimeout = new AbortController();
  const timeout = sleep(120_000, undefined, { signal: stopTimeout.signal }).then(
    (): never => {
      throw new Error(`no worker started a batch-10 run within 120 s: ${workers.map((w) => w.log.text).join('\n')}`);
    },
    () => new Promise<never>(() => {}),
  );
  const { victim, killed } = await Promise.race([...workers.map(batch10), timeout]);
  stopTimeout.abort();
  const queue = await JobQueue.open(fixture.redis.url, 'test');
  while ((await queue.checkpoint(killed)) === undefined) await sleep(5);
  queue.close();
  victim.child.kill('SIGKILL');
  const swept = await sweep;
  assert.is(swept.code, 0, swept.stderr);
  assert.not.match(victim.log.text, `${killed} done`, `worker ${victim.name} was killed before the end of its run`);

  for (const runId of IDS) {
    const events: TrainEvent[] = await firstValueFrom(fromRedis(fixture.redis.url, runId).pipe(toArray()));
    const last = events.at(-1)!;
    if (runId.startsWith('lr=3,')) {
      assert.is(last.type, 'error', `${runId} diverged`);
      continue;
    }
    assert.equal(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch), [1, 2, 3], `${runId}: each epoch once`);
    const [, lr, bs] = /lr=([\d.]+),bs=(\d+)/.exec(runId)!;
    const alone = await runCli(['train', ...N, '--lr', lr!, '--batch-size', bs!, '--events']);
    const expected = parseTrainEvent(alone.stdout.trimEnd().split('\n').at(-1)!, 'stdout') as DoneEvent;
    assert.equal([(last as DoneEvent).w, (last as DoneEvent).b], [expected.w, expected.b], `${runId}: bit for bit`);
  }

  // The dashboard on replica 1, then — replica 1 killed — on replica 2, by itself.
  const { page } = await openPage(browser, urls[0]!);
  const [host1, host2] = urls.map((u) => new URL(u).host);
  // What each replica sent this page, as Chromium received it: the runs of its hellos, the histories of its runs.
  const sent = new Map<string, { type: string; runs?: { id: string; status: string }[]; runId?: string; hello?: { seq: number } }[]>();
  page.on('websocket', (ws) => {
    const frames = sent.get(new URL(ws.url()).host) ?? [];
    sent.set(new URL(ws.url()).host, frames);
    ws.on('framereceived', ({ payload }) => typeof payload === 'string' && frames.push(JSON.parse(payload)));
  });
  const shown = async () => {
    await until(page, `h?.compare?.legend.length === 8 && Object.values(h.compare.statuses).filter((s) => s === 'done').length === 6 && h.compare.selected === ${JSON.stringify(killed)} && h.state === 'done'`);
    const h = await readHook(page);
    return { runs: [...h.compare!.legend].sort(), statuses: h.compare!.statuses, lastSeq: h.lastSeq, latest: h.latest };
  };
  const monitor = () => page.locator('[data-testid="monitor-address"]').textContent();
  await until(page, `h?.compare?.legend.length === 8`);
  await page.locator(`li[data-run="${killed}"] .run-name`).click();
  const first = await shown();
  assert.equal(first.runs, [...IDS].sort());
  assert.is(await monitor(), `on ${host1}`);

  const killedAt = performance.now();
  replicas[0]!.child.kill('SIGKILL');
  const history = () => sent.get(host2!)?.find((f) => f.type === 'history' && f.runId === killed);
  for (const end = killedAt + 30_000; history() === undefined; await sleep(5)) if (performance.now() > end) assert.unreachable(`no history from ${host2}: ${await monitor()}`);
  const reconnectedMs = performance.now() - killedAt;
  const second = await shown();
  const shownMs = performance.now() - killedAt;
  assert.is(await monitor(), `on ${host2} (failed over from ${host1})`, 'the page says which replica it is on');
  assert.equal(second, first);
  // Replica 2 itself sent these runs, statuses and seqs to this page (not left over from replica 1).
  const hello2 = sent.get(host2!)!.find((f) => f.type === 'hello')!;
  assert.equal(Object.fromEntries(hello2.runs!.map((r) => [r.id, r.status])), first.statuses);
  assert.is(history()!.hello!.seq, first.lastSeq);
  assert.ok(first.lastSeq > 6000, `seq ${first.lastSeq}: the run's every event`);
  console.log(`failover: ${reconnectedMs.toFixed(0)} ms from SIGKILL of replica 1 to replica 2's history of the selected run, ${shownMs.toFixed(0)} ms to the page showing it`);
  if (process.env.GRADSTREAM_SCREENSHOT) await page.screenshot({ path: process.env.GRADSTREAM_SCREENSHOT, fullPage: false });
});

test.run();
