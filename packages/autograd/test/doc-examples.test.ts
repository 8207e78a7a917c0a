// Every `@example` in src runs as a program (tools/scripts/doc-examples.mjs), and each `console.log(…)`
// line prints what its `// comment` says.
import { test } from 'uvu';
// @ts-expect-error a plain .mjs helper without type declarations
import { registerDocExamples } from '../../../tools/scripts/doc-examples.mjs';

registerDocExamples(test, new URL('..', import.meta.url), { checkOutput: true });

test.run();
