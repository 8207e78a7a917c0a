import { SCHEMA_VERSION } from '@gradstream/events';
console.log(`gradstream (event schema v${SCHEMA_VERSION}) — the CLI is being built`);
