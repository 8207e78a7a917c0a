import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli.js';

const COMMANDS = ['train', 'explain', 'generate', 'serve'];

test('gradstream --help lists every command and exits 0', async () => {
  const { code, stdout, stderr } = await runCli(['--help']);
  assert.is(code, 0, stderr);
  assert.ok(stdout.startsWith('Usage: gradstream <command> [options]'));
  for (const name of COMMANDS) assert.match(stdout, new RegExp(`^  ${name} +\\S`, 'm'));
});

test('gradstream with no command prints the usage on stderr and exits 2 (a usage error)', async () => {
  const { code, stdout, stderr } = await runCli([]);
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.ok(stderr.startsWith('Usage: gradstream <command> [options]'), stderr);
  for (const name of COMMANDS) assert.match(stderr, new RegExp(`^  ${name} +\\S`, 'm'));
});

test('gradstream --version (and -v) prints the package version; the help lists it', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const { code, stdout, stderr } = await runCli([flag]);
    assert.is(code, 0, stderr);
    assert.is(stdout, `${version}\n`);
  }
  const { stdout } = await runCli(['--help']);
  assert.match(stdout, /^  -v, --version +print the version$/m);
});

for (const name of COMMANDS) {
  test(`gradstream ${name} --help prints its usage and options, exit 0`, async () => {
    const { code, stdout, stderr } = await runCli([name, '--help']);
    assert.is(code, 0, stderr);
    assert.ok(stdout.startsWith(`Usage: gradstream ${name}`), stdout);
    assert.match(stdout, /^Options:$/m);
    assert.match(stdout, /^  -h, --help +show this help$/m);
    assert.is(stderr, '');
  });
}

test('gradstream help <command> is the same as <command> --help', async () => {
  const a = await runCli(['help', 'train']);
  const b = await runCli(['train', '-h']);
  assert.is(a.code, 0);
  assert.is(a.stdout, b.stdout);
});

/** Runs a command line that must fail with a usage error: exit 2, one line on stderr, nothing on stdout. */
async function usageError(args: string[], message: string) {
  const { code, stdout, stderr } = await runCli(args);
  assert.is(stderr, `gradstream: ${message}\n`);
  assert.is(code, 2);
  assert.is(stdout, '');
}

test('a bad value names the option, the rule and the value (exit 2)', async () => {
  await usageError(['train', '--batch-size', '0'], 'invalid option. --batch-size must be a positive integer. Value: `0`.');
  await usageError(['train', '--lr=-0.1'], 'invalid option. --lr must be a positive number. Value: `-0.1`.');
  await usageError(['train', '--epochs', '2.5'], 'invalid option. --epochs must be a positive integer. Value: `2.5`.');
  await usageError(['train', '--true-w', '2,x'], 'invalid option. --true-w must be a comma-separated list of finite numbers such as 2,-3.4. Value: `2,x`.');
  await usageError(['train', '--optimizer', 'rmsprop'], 'invalid option. --optimizer must be one of sgd, momentum, adam. Value: `rmsprop`.');
  await usageError(['train', '--monitor', '70000'], 'invalid option. --monitor must be an integer port from 0 to 65535. Value: `70000`.');
  await usageError(['train', '--monitor', 'abc'], 'invalid option. --monitor must be an integer port from 0 to 65535. Value: `abc`.');
  await usageError(['generate', '--format', 'xml'], 'invalid option. --format must be one of csv, ndjson. Value: `xml`.');
  await usageError(['generate', '--seed', '-1'], 'invalid option. --seed must be an integer from 0 to 4294967295. Value: `-1`.');
});

test('a missing value and a value on a switch are usage errors', async () => {
  await usageError(['train', '--lr'], 'invalid option. --lr needs a value (RATE). Value: none.');
  await usageError(['train', '--lr', '--epochs', '2'], 'invalid option. --lr needs a value (RATE). Value: none.');
  await usageError(['train', '--events=yes'], 'invalid option. --events takes no value. Value: `--events=yes`.');
});

test('an unknown option or command is a usage error that points to --help', async () => {
  await usageError(
    ['train', '--batchsize', '10'],
    'unknown option. --batchsize is not an option of `gradstream train` (did you mean --batch-size?). Value: `--batchsize`.',
  );
  await usageError(
    ['explain', '--verbose'],
    'unknown option. --verbose is not an option of `gradstream explain` (see `gradstream explain --help`). Value: `--verbose`.',
  );
  await usageError(['trian'], 'unknown command. The command must be one of train, sweep, worker, explain, generate, serve (see `gradstream --help`). Value: `trian`.');
  await usageError(['generate', 'extra'], 'unexpected argument. `gradstream generate` takes options only (see `gradstream generate --help`). Value: `extra`.');
});

test('options that exclude each other are a usage error', async () => {
  await usageError(['train', '--stdin', '--data', 'x.csv'], 'invalid option. --stdin cannot be combined with --data. Value: `--stdin --data`.');
  await usageError(['serve', '--stdin', '--replay', 'run.ndjson'], 'invalid option. --stdin cannot be combined with --replay. Value: `--stdin --replay`.');
});

test('a runtime failure exits 1 and names the option and the missing file', async () => {
  const { code, stderr } = await runCli(['train', '--data', 'no/such/file.csv']);
  assert.is(code, 1);
  assert.is(stderr, 'gradstream: --data: file not found: no/such/file.csv.\n');
  const explain = await runCli(['explain', '--batch-file', 'missing-batch.json', '--json']);
  assert.is(explain.code, 1);
  assert.is(explain.stderr, 'gradstream: --batch-file: file not found: missing-batch.json.\n');
});

test.run();
