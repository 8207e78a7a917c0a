// Every `@example` in this package's doc comments runs as a program (tools/scripts/doc-examples.mjs);
// one that cannot run alone says `// not run: <reason>` and is listed as skipped.
import { test } from 'uvu';
// @ts-expect-error a plain .mjs helper without type declarations
import { registerDocExamples } from '../../../tools/scripts/doc-examples.mjs';

registerDocExamples(test, new URL('..', import.meta.url));

test.run();
