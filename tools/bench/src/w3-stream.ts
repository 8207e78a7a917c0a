// W3, streaming from CSV through rows$ → shuffleBuffer → toBatches → train (see w3-run.ts).
import { runW3 } from './w3-run.js';

await runW3('csv', 'rows');
