#!/usr/bin/env node
// Runs every package's tests through Nx and ends with one line `N passed, N failed` summed over all
// packages. uvu prints Total/Passed/Skipped per process and no "Failed" line, and a test file that
// throws at import prints only a stack: a task that failed without reporting a failed test counts as
// one failure, so a crash can never read as "0 failed".
//
// After the packages, the repository's guards run (tools/scripts/test: line budget, exports, Nx inputs)
// and count in the same line.
//
// Usage: npm test [-- --projects=data,autograd]   (extra arguments go to `nx run-many`)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The run's temporary files go in one folder of its own (TMPDIR, which os.tmpdir() reads in every test process),
// removed at the end when everything passed and kept, named, when something failed. Doc and README examples write to
// os.tmpdir() as a user's code would, and processes the tests kill with SIGKILL cannot clean up: a run used to
// leave ~25 folders and files in /tmp.
const runTmp = mkdtempSync(join(tmpdir(), 'gradstream-tests-'));

const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  // Colour off in logs: FORCE_COLOR=0 reaches Nx's tasks and uvu. Not NO_COLOR or NODE_DISABLE_COLORS
  // beside it: with both set, Node warns in every process that one of them is ignored.
  FORCE_COLOR: '0',
  TMPDIR: runTmp,
};
delete env.NO_COLOR;
delete env.NODE_DISABLE_COLORS;

const require = createRequire(import.meta.url);
const nxBin = require.resolve('nx/bin/nx.js');
const uvuBin = fileURLToPath(new URL('../../node_modules/uvu/bin.js', import.meta.url));
const guardsDir = fileURLToPath(new URL('./test', import.meta.url));

/** Runs node with `args`, echoing its output; resolves to the exit status and the output. */
function run(args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const echo = (out) => (chunk) => {
    out.write(chunk);
    output += chunk;
  };
  child.stdout.on('data', echo(process.stdout));
  child.stderr.on('data', echo(process.stderr));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
}

const packages = await run([nxBin, 'run-many', '-t', 'test', '--output-style=static', '--parallel=1', ...process.argv.slice(2)]);
console.log('\n> guards (tools/scripts/test)\n');
const guards = await run([uvuBin, guardsDir, '\\.test\\.mjs$']);
summarize(packages, guards);

function summarize({ code, signal, output }, guards) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  // Split the log into one section per task: Nx starts each with "> nx run <project>:test".
  const sections = plain.split(/^> nx run (\S+):test.*$/m);
  let passed = 0;
  let failed = 0;
  const crashed = [];
  for (let i = 1; i < sections.length; i += 2) {
    const project = sections[i];
    const body = sections[i + 1] ?? '';
    const totals = [...body.matchAll(/Total:\s+(\d+)\s+Passed:\s+(\d+)\s+Skipped:\s+(\d+)/g)];
    let sectionFailed = 0;
    // uvu's Total counts the tests that ran; skipped ones (test.skip) are reported beside it, not inside it.
    for (const [, total, ok] of totals) {
      passed += Number(ok);
      sectionFailed += Number(total) - Number(ok);
    }
    const taskFailed = new RegExp(`^\\s+-\\s+${project.replace(/[.*+?^${}()|[\]\\/@]/g, '\\$&')}:test`, 'm').test(
      plain.split(/Failed tasks:/)[1] ?? '',
    );
    if (totals.length === 0 || (taskFailed && sectionFailed === 0)) {
      sectionFailed += 1;
      crashed.push(project);
    }
    failed += sectionFailed;
  }
  if (sections.length < 2 || code !== 0 && failed === 0) {
    failed += 1;
    crashed.push(`nx run-many (exit ${code ?? signal})`);
  }
  const guardTotals = [...guards.output.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/Total:\s+(\d+)\s+Passed:\s+(\d+)\s+Skipped:\s+(\d+)/g)];
  let guardFailed = 0;
  for (const [, total, ok] of guardTotals) {
    passed += Number(ok);
    guardFailed += Number(total) - Number(ok);
  }
  if (guardTotals.length === 0 || (guards.code !== 0 && guardFailed === 0)) {
    guardFailed += 1;
    crashed.push(`guards (exit ${guards.code ?? guards.signal})`);
  }
  failed += guardFailed;
  if (crashed.length > 0) console.log(`\nFailed without a test report: ${crashed.join(', ')}`);
  if (failed > 0) console.log(`\nThe run's temporary files are kept in ${runTmp}`);
  else rmSync(runTmp, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || code !== 0 || guards.code !== 0 ? 1 : 0);
}
