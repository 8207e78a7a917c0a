/**
 * Reference trajectories, by job: the format and its checks (reference-fixture.ts; reading the file, Node only, is reference-file.ts), the replay
 * (reference-run.ts) and the comparison (reference-compare.ts). `referenceRun` replays the fixture's
 * batches in the fixture's order through `train`; `compareToReference` reports how far each recorded
 * number is from ours.
 */
export { toModelFixture, validateReference, type ReferenceFixture, type ReferenceStep } from './reference-fixture.js';
export { validateModelFixture, type ModelFixture, type ModelFixtureStep } from './model-fixture.js';
export { referenceBatches, referenceDataset, referenceRun } from './reference-run.js';
export { compareToReference, formatComparison, type Deviation, type ReferenceComparison } from './reference-compare.js';
