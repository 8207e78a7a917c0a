#!/usr/bin/env node
// Runs every package's tests through Nx and ends with one line `N passed, N failed` summed over all
// packages. uvu prints Total/Passed/Skipped per process and no "Failed" line, and a test file that
// throws at import prints only a stack: a task that failed without reporting a failed test counts as
// one failure, so a crash can never read as "0 failed".
//
// Usage: npm test [-- --projects=data,autograd]   (extra arguments go to `nx run-many`)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  // Colour off in logs: FORCE_COLOR=0 reaches Nx's tasks and uvu. Not NO_COLOR or NODE_DISABLE_COLORS
  // beside it: with both set, Node warns in every process that one of them is ignored.
  FORCE_COLOR: '0',
};
delete env.NO_COLOR;
delete env.NODE_DISABLE_COLORS;

const nxBin = createRequire(import.meta.url).resolve('nx/bin/nx.js');
const args = [nxBin, 'run-many', '-t', 'test', '--output-style=static', '--parallel=1', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });

let output = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
});
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  output += chunk;
});

child.on('close', (code, signal) => {
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
    for (const [, total, ok, skipped] of totals) {
      passed += Number(ok);
      sectionFailed += Number(total) - Number(ok) - Number(skipped);
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
  if (crashed.length > 0) console.log(`\nFailed without a test report: ${crashed.join(', ')}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});
