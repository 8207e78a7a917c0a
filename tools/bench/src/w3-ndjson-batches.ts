// W3, streaming from NDJSON through fileBatches$ (no row objects) → train (see w3-run.ts).
import { runW3 } from './w3-run.js';

await runW3('ndjson', 'batches');
