// W3, streaming from NDJSON (the same rows, one JSON object a line) through rows$ → shuffleBuffer → toBatches → train.
import { runW3 } from './w3-run.js';

await runW3('ndjson', 'rows');
