import type { RunConfig } from '@gradstream/events';

/**
 * A run's id in Redis when none is given: its settings, readable — `lr=0.03,bs=10,seed=42`, with the optimizer when it
 * is not sgd and the data file's name when it trained on one. A run resumed from its checkpoint has the same settings,
 * so it continues the same stream (its replayed steps are skipped there, not doubled).
 *
 * @example
 * import { readableRunId } from './redis-run-id.js';
 * console.log(readableRunId({ d: 2, batchSize: 10, lr: 0.03, seed: 42, optimizer: { name: 'adam' }, engine: 'fused' })); // lr=0.03,bs=10,seed=42,opt=adam
 */
export function readableRunId(config: RunConfig): string {
  const parts = [`lr=${config.lr}`, `bs=${config.batchSize}`];
  if (config.seed !== undefined) parts.push(`seed=${config.seed}`);
  if (config.optimizer.name !== 'sgd') parts.push(`opt=${config.optimizer.name}`);
  const source = config.source;
  if (source !== undefined && source !== 'synthetic') parts.push(`data=${source.split(/[\\/]/).pop()!.replace(/\s+/g, '_')}`);
  return parts.join(',');
}
