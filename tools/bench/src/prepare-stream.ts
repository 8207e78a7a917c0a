// Writes W3's CSV input (once; reused while it exists) in its own process, so that W3's own
// process measures only the streaming run.
import { ensureStreamCsv, ensureStreamNdjson } from './stream-file.js';

const rows = Number(process.env.W3_ROWS ?? 1_000_000);
console.log(`W3 input: ${await ensureStreamCsv({ rows, d: 16, seed: 3 })}`);
console.log(`W3 input: ${await ensureStreamNdjson({ rows, d: 16, seed: 3 })}`);
