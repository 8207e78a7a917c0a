// Issue 12 (weak point): a duplicated option was silently overridden by its last value.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseOptions, value } from '../src/args.js';
import { MONITOR_OPTIONS } from '../src/monitor.js';
import { positiveInteger } from '../src/values.js';
import { runCli } from './cli.js';

test('an option given twice is a usage error naming it and both values (exit 2)', async () => {
  const { code, stdout, stderr } = await runCli(['train', '--epochs', '3', '--lr', '0.1', '--epochs=5']);
  assert.is(stderr, 'gradstream: invalid option. --epochs is given twice (an option may be given once). Value: `--epochs 3` and `--epochs 5`.\n');
  assert.is(code, 2);
  assert.is(stdout, '');
  const flagTwice = await runCli(['train', '--events', '--events']);
  assert.is(flagTwice.stderr, 'gradstream: invalid option. --events is given twice (an option may be given once). Value: `--events` and `--events`.\n');
});

test('a bad --steps-per-second and a serve without a source are usage errors naming the rule and the value', async () => {
  const pace = await runCli(['train', '--monitor', '--steps-per-second', '-1']);
  assert.is(pace.code, 2);
  assert.is(pace.stderr, 'gradstream: invalid option. --steps-per-second must be a positive number of steps per second, or max. Value: `-1`.\n');
  // worker paces its jobs with the same option and the same rule.
  for (const bad of ['0', 'fast', '']) {
    const worker = await runCli(['worker', '--redis', 'redis://127.0.0.1:1', '--steps-per-second', bad]);
    assert.is(worker.code, 2);
    assert.is(worker.stderr, `gradstream: invalid option. --steps-per-second must be a positive number of steps per second, or max. Value: \`${bad}\`.\n`);
  }
  const wait = await runCli(['sweep', '--lr', '0.03', '--runs', 'runs', '--no-wait']);
  assert.is(wait.stderr, 'gradstream: invalid option. --no-wait cannot be combined with a sweep without --monitor. Value: `--no-wait a sweep without --monitor`.\n');
  const serve = await runCli(['serve']);
  assert.is(serve.code, 2);
  assert.is(serve.stderr, 'gradstream: invalid option. serve needs an event source: --stdin, --replay FILE, --runs DIR or --redis URL. Value: none.\n');
});

test('--allow-origin may be repeated: the origins add up', () => {
  const { values } = parseOptions('serve', ['--allow-origin', 'http://a.test:1', '--allow-origin=http://b.test:2,http://c.test:3'], MONITOR_OPTIONS);
  assert.equal(values.allowOrigin, ['http://a.test:1', 'http://b.test:2', 'http://c.test:3']);
  assert.throws(
    () => parseOptions('x', ['--n', '1', '--n', '1'], { n: value(positiveInteger, 'N', 'rows') }),
    (err: Error) => err.message === 'invalid option. --n is given twice (an option may be given once). Value: `--n 1` and `--n 1`.',
  );
});

test.run();
