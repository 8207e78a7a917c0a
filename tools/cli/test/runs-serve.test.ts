// `gradstream serve --runs DIR` as a user runs it: the real bin serving a real directory of runs over the
// many-runs protocol — the runs there (a finished one, one whose writer was killed), then a run recorded
// afterwards appearing live; SIGTERM exits 143.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { test } from 'uvu';
import { useTempDirs } from './temp-dirs.js';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { recordRun } from '@gradstream/runs';
import { startCli } from './cli.js';

const temp = useTempDirs(test);

interface Summary {
  id: string;
  status: string;
  steps: number;
}

/** A run whose writer died after 50 steps: its log without the rest, and the lock of a process that has exited. */
function killedRun(dir: string, from: string): void {
  const lines = readFileSync(join(dir, from, 'events.ndjson'), 'utf8').split('\n');
  const upTo = lines.findIndex((l) => l.includes('"globalStep":51'));
  mkdirSync(join(dir, 'killed'));
  writeFileSync(join(dir, 'killed', 'config.json'), readFileSync(join(dir, from, 'config.json')));
  writeFileSync(join(dir, 'killed', 'events.ndjson'), lines.slice(0, upTo).join('\n') + '\n');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(join(dir, 'killed', 'writer.lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), startedAt: Date.now() }));
}

/** The WebSocket address a `gradstream` process prints on stderr. */
function wsAddress(child: ReturnType<typeof startCli>): Promise<string> {
  let stderr = '';
  return new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = stderr.match(/^websocket: (ws:\/\/\S+)$/m);
      if (m) resolve(m[1]);
    });
    child.on('close', () => reject(new Error(`exited before serving: ${stderr}`)));
  });
}

/** A protocol-2 client: every frame, and the latest summary of each run from hello and runs frames. */
function watchSummaries(url: string) {
  const ws = new WebSocket(url);
  const frames: { type: string; runs?: Summary[]; protocol?: number }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  const latest = () => {
    const byId = new Map<string, Summary>();
    for (const f of frames) for (const r of f.runs ?? []) byId.set(r.id, r);
    return byId;
  };
  const until = async (what: string, ok: () => boolean) => {
    for (const end = Date.now() + 20_000; !ok(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > end) assert.unreachable(`${what}: ${JSON.stringify(frames.map((f) => f.runs))}`);
  };
  return { ws, frames, latest, until };
}

test('serve --runs DIR: the hello lists the runs there (one interrupted), and a run recorded afterwards is announced live', async () => {
  const dir = temp('gradstream-serve-runs-');
  const first = await lastValueFrom(recordRun(dir, { lr: 0.03, epochs: 1 }));
  killedRun(dir, first.runId);
  const serve = startCli(['serve', '--runs', dir]);
  try {
    let stderr = '';
    serve.stderr!.on('data', (d: Buffer) => (stderr += d));
    const { ws, frames, latest, until } = watchSummaries(await wsAddress(serve));
    await until('both runs read', () => latest().get('killed')?.status === 'interrupted' && latest().get(first.runId)?.status === 'done');
    assert.is(frames[0].type, 'hello');
    assert.is(frames[0].protocol, 2);
    assert.is(latest().get('killed')!.steps, 50);

    const later = await lastValueFrom(recordRun(dir, { lr: 3 }));
    await until('the later run announced', () => latest().get(later.runId)?.status === 'diverged');
    assert.is(latest().size, 3);
    ws.close();
    const exited = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
    serve.kill('SIGTERM');
    assert.is(await exited, 143);
    assert.match(stderr, `serving the 2 runs in ${dir}, and runs added later`);
  } finally {
    serve.kill('SIGKILL');
  }
});

test('sweep --monitor serves the sweep\'s runs live (protocol 2) and, after the table, until Ctrl-C (exit 0)', async () => {
  const dir = temp('gradstream-sweep-monitor-');
  const sweep = startCli(['sweep', '--lr', '0.03,3', '--runs', dir, '--parallel', '2', '--monitor']);
  try {
    let stdout = '';
    let stderr = '';
    sweep.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    sweep.stderr!.on('data', (d: Buffer) => (stderr += d));
    const address = await wsAddress(sweep);
    // It waits for a page, as train --monitor does: until one connects, no run has started.
    while (!stderr.includes('waiting for the dashboard: open the address above (--no-wait starts at once)\n')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 2000)); // the whole sweep takes ~2.5 s once started
    // The plan is written (each run's config.json), no run's events are.
    assert.equal(readdirSync(dir).filter((run) => existsSync(join(dir, run, 'events.ndjson'))), [], 'no run started before a page connected');
    assert.is(readdirSync(dir).length, 2, 'the plan names both runs');
    const { ws, latest, until } = watchSummaries(address);
    await until('both runs ended', () => latest().get('lr=0.03,bs=10,seed=42')?.status === 'done' && latest().get('lr=3,bs=10,seed=42')?.status === 'diverged');
    await until('the table printed', () => stdout.includes('lr=3,bs=10,seed=42: training diverged'));
    ws.close();
    const exited = new Promise<number | null>((resolve) => sweep.on('close', (code) => resolve(code)));
    sweep.kill('SIGINT');
    assert.is(await exited, 0);
  } finally {
    sweep.kill('SIGKILL');
  }
});

test.run();
