// A process that publishes a short run and closes its publisher (argv: url, run id), or (url only, a dead port) fails to
// connect. It must then exit on its own: the publishing thread is let go once no publisher is open.
import { RunPublisher } from '../../src/index.js';
import { fakeRun } from './fake-run.js';

const [url, runId] = process.argv.slice(2);
const publisher = new RunPublisher(url!, runId ?? 'unreachable', { connectTimeoutMs: 300 });
if (runId) {
  for (const e of fakeRun(2, 10)) publisher.publish(e);
  await publisher.close();
  console.log(`stored ${publisher.stats.added}`);
} else {
  publisher.onFailure((err) => console.log(err.message));
}
