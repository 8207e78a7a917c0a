/**
 * Consecutive `step` events of one shape as one binary block: the first step as a JSON template, then every
 * step's numbers as float64, in the template's order. Writing a number costs one store instead of JSON's
 * digit formatting, and a block of a thousand steps is one stream entry instead of a thousand, which is what
 * keeps publishing every step cheap next to training. Decoding gives back the same values, bit for bit
 * (NaN and ±Infinity included, which JSON cannot carry).
 *
 * Layout: u32 LE template length, the template (UTF-8 JSON), zero padding to a multiple of 8, float64 LE values.
 */
import type { StepEvent } from '@gradstream/events';

type Flatten = (value: unknown, out: Float64Sink) => boolean;

/** A growable run of float64s. */
class Float64Sink {
  values = new Float64Array(256);
  length = 0;

  push(x: number): boolean {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
    return true;
  }
}
type Build = (values: Float64Array, at: { i: number }) => unknown;

/** A walker that appends `value`'s numbers to `out` if it has the template's shape (same keys, lengths and non-number leaves). */
function compileFlatten(template: unknown): Flatten {
  if (typeof template === 'number') return (v, out) => typeof v === 'number' && out.push(v);
  if (Array.isArray(template)) {
    const items = template.map(compileFlatten);
    return (v, out) => {
      if (!Array.isArray(v) || v.length !== items.length) return false;
      for (let i = 0; i < items.length; i++) if (!items[i]!(v[i], out)) return false;
      return true;
    };
  }
  if (template !== null && typeof template === 'object') {
    const keys = Object.keys(template);
    const walkers = keys.map((k) => compileFlatten((template as Record<string, unknown>)[k]));
    return (v, out) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
      const record = v as Record<string, unknown>;
      let count = 0;
      for (const key in record) if (record[key] !== undefined) count++;
      if (count !== keys.length) return false;
      for (let i = 0; i < keys.length; i++) if (!walkers[i]!(record[keys[i]!], out)) return false;
      return true;
    };
  }
  return (v) => v === template;
}

function compileBuild(template: unknown): Build {
  if (typeof template === 'number') return (values, at) => values[at.i++];
  if (Array.isArray(template)) {
    const items = template.map(compileBuild);
    return (values, at) => items.map((b) => b(values, at));
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(([k, t]) => [k, compileBuild(t)] as const);
    return (values, at) => {
      const out: Record<string, unknown> = {};
      for (const [k, b] of entries) out[k] = b(values, at);
      return out;
    };
  }
  return () => template;
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Collects steps of one shape, the first given to the constructor; `add` refuses a step of another shape (start a new block for it). */
export class StepBlock {
  readonly count: number = 0;
  private readonly flatten: Flatten;
  private readonly template: string;
  private readonly values = new Float64Sink();

  constructor(first: StepEvent) {
    // A non-finite number would become null in the template: the template only gives the shape.
    this.template = JSON.stringify(first, (_k, v: unknown) => (typeof v === 'number' ? 0 : v));
    this.flatten = compileFlatten(JSON.parse(this.template));
    this.add(first);
  }

  add(step: StepEvent): boolean {
    const before = this.values.length;
    if (!this.flatten(step, this.values)) {
      this.values.length = before;
      return false;
    }
    (this as { count: number }).count++;
    return true;
  }

  encode(): Buffer {
    const template = Buffer.from(this.template, 'utf8');
    const offset = Math.ceil((4 + template.length) / 8) * 8;
    const out = Buffer.alloc(offset + this.values.length * 8);
    out.writeUInt32LE(template.length, 0);
    template.copy(out, 4);
    // Little-endian, as the machines Node runs on are (decodeSteps reads it back with readDoubleLE on any machine).
    if (LITTLE_ENDIAN) new Float64Array(out.buffer, out.byteOffset + offset, this.values.length).set(this.values.values.subarray(0, this.values.length));
    else for (let i = 0; i < this.values.length; i++) out.writeDoubleLE(this.values.values[i]!, offset + i * 8);
    return out;
  }
}

/** The steps of a block written by `StepBlock.encode`. */
export function decodeSteps(block: Buffer): StepEvent[] {
  const length = block.readUInt32LE(0);
  const template: unknown = JSON.parse(block.toString('utf8', 4, 4 + length));
  const offset = Math.ceil((4 + length) / 8) * 8;
  const values = new Float64Array((block.length - offset) / 8);
  for (let i = 0; i < values.length; i++) values[i] = block.readDoubleLE(offset + i * 8);
  const build = compileBuild(template);
  const perStep = countNumbers(template);
  const steps: StepEvent[] = [];
  const at = { i: 0 };
  while (perStep > 0 && at.i < values.length) steps.push(build(values, at) as StepEvent);
  return steps;
}

function countNumbers(template: unknown): number {
  if (typeof template === 'number') return 1;
  if (template !== null && typeof template === 'object') return Object.values(template).reduce((n: number, t) => n + countNumbers(t), 0);
  return 0;
}
