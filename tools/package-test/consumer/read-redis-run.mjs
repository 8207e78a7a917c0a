// A plain Node ESM script: reads one run's events back from Redis with the installed @gradstream/redis and
// prints them as NDJSON, one event a line, ending when the run's `done` (or `error`) event has come.
//   node read-redis-run.mjs redis://127.0.0.1:PORT RUN_ID
import { fromRedis } from '@gradstream/redis';

const [url, runId] = process.argv.slice(2);
fromRedis(url, runId).subscribe({
  next: (e) => process.stdout.write(`${JSON.stringify(e)}\n`),
  error: (err) => {
    console.error(err);
    process.exitCode = 1;
  },
});
