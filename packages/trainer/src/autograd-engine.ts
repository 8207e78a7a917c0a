/**
 * The autograd engine: builds the lesson's graph with `@gradstream/autograd` for every batch.
 * (Placeholder until @gradstream/autograd lands.)
 */
import type { Engine } from './fused.js';

export function createAutogradEngine(_d: number): Engine {
  throw new Error('the autograd engine is not available yet: @gradstream/autograd has not landed');
}
