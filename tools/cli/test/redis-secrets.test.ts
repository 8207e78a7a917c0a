// The password in --redis never reaches the terminal: not in usage errors, not in connection errors, not in the summary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { runCli } from './cli.js';

const SECRET = 'pa55-w0rd';
const leaks = (text: string) => text.includes(SECRET);

test('a bad --redis URL is a usage error (exit 2) naming the rule, the password hidden', async () => {
  const r = await runCli(['train', '--redis', `http://u:${SECRET}@h:1`]);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'gradstream: invalid option. --redis must start with redis:// or rediss:// (TLS). Value: `http://u:***@h:1`.\n');
  const twice = await runCli(['train', '--redis', `redis://u:${SECRET}@h:1`, '--redis', `redis://u:${SECRET}@h:2`]);
  assert.is(twice.code, 2);
  assert.is(twice.stderr, 'gradstream: invalid option. --redis is given twice (an option may be given once). Value: `--redis redis://u:***@h:1` and `--redis redis://u:***@h:2`.\n');
  const typo = await runCli(['train', `--redis-url=redis://u:${SECRET}@h:1`]);
  assert.is(typo.code, 2);
  assert.not.ok(leaks(typo.stderr), typo.stderr);
  // Not a URL at all: the rule's own `user:password@` is printed as written, not taken for a password.
  const word = await runCli(['train', '--redis', 'localhost']);
  assert.is(word.code, 2);
  assert.is(word.stderr, 'gradstream: invalid option. --redis must be a URL like redis://[user:password@]host[:port][/db]. Value: `localhost`.\n');
  const alone = await runCli(['train', '--redis-prefix', 'x:']);
  assert.is(alone.stderr, 'gradstream: invalid option. --redis-prefix needs --redis URL. Value: `--redis-prefix`.\n');
});

test('a wrong password and an unreachable server fail with exit 1 before the first batch; the message shows the URL with ***', async () => {
  const redis = await startRedis({ password: SECRET });
  try {
    const ok = await runCli(['train', '--epochs', '1', '--redis', redis.url]);
    assert.is(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`redis: run lr=0\\.03,bs=10,seed=42 in redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}: 104 events stored\\n`));
    assert.match(ok.stdout, /\nredis: the run waited \d+\.\d{3} s after its first step for Redis to register it \(counted in its training time\)\n/);
    assert.not.ok(leaks(ok.stdout + ok.stderr));
    const wrong = await runCli(['train', '--epochs', '1', '--redis', `redis://default:${SECRET}x@127.0.0.1:${redis.port}/0`]);
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, `gradstream: cannot publish run lr=0.03,bs=10,seed=42 to Redis: cannot connect to Redis at redis://default:***@127.0.0.1:${redis.port}/0: WRONGPASS`);
    assert.not.ok(leaks(wrong.stdout + wrong.stderr), wrong.stderr);
    // Nothing printed: the run waits, after the batch that makes its `run` event, for Redis to register it.
    assert.is(wrong.stdout, '');
    const events = await runCli(['train', '--epochs', '1', '--events', '--redis', `redis://default:${SECRET}x@127.0.0.1:${redis.port}/0`]);
    assert.is(events.code, 1);
    assert.is(events.stdout, '');
    assert.match(events.stderr, 'WRONGPASS');
    assert.not.ok(leaks(events.stdout + events.stderr), events.stderr);
  } finally {
    await redis.stop();
  }
  const port = await freePort();
  const none = await runCli(['train', '--epochs', '1', '--redis', `redis://u:${SECRET}@127.0.0.1:${port}`]);
  assert.is(none.code, 1);
  assert.match(none.stderr, `gradstream: cannot publish run lr=0.03,bs=10,seed=42 to Redis: cannot connect to Redis at redis://u:***@127.0.0.1:${port}: `);
  assert.not.ok(leaks(none.stdout + none.stderr), none.stderr);
  assert.not.match(none.stdout, 'epoch');
});

test.run();
