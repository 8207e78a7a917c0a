/**
 * A step's shape as a template (the step with every number replaced by 0), and the two walks a block of
 * steps needs: `compileFlatten` writes a step's numbers into a float64 array if it has the template's shape,
 * `compileBuild` makes a step back from those numbers.
 *
 * `compileFlatten` is generated code (one `new Function` per block shape, as fast-json-stringify and ajv do):
 * a publisher flattens every step of a run on the trainer's thread, and a closure per key cost ~0.3–0.4 µs a
 * step against ~0.08 µs for straight-line code — the difference between publishing slowing training by a third
 * and by a few percent. Key names enter the code only through `JSON.stringify`, so they are string literals.
 */

/** Writes `value`'s numbers at `out[at…]` and returns how many, or −1 if `value` is not of the template's shape. */
export type Flatten = (value: unknown, out: Float64Array, at: number) => number;
type Build = (values: Float64Array, at: { i: number }) => unknown;

/**
 * @example
 * import { compileFlatten } from './step-template.js';
 * const flatten = compileFlatten({ type: 'step', loss: 0, w: [0, 0] });
 * const out = new Float64Array(3);
 * console.log(flatten({ type: 'step', loss: 0.5, w: [1, 2] }, out, 0), [...out]); // 3 [ 0.5, 1, 2 ]
 * console.log(flatten({ type: 'step', loss: 0.5, w: [1, 2], extra: 1 }, out, 0)); // -1
 */
export function compileFlatten(template: unknown): Flatten {
  const lines: string[] = [];
  let names = 0;
  // Emits the checks and writes of `t`'s numbers at out[base + offset …] (offsets known when the code is made);
  // returns how many numbers that is.
  const walk = (t: unknown, expr: string, base: string, offset: number): number => {
    if (typeof t === 'number') {
      lines.push(`if (typeof ${expr} !== 'number') return -1;`, `out[${base} + ${offset}] = ${expr};`);
      return 1;
    }
    if (Array.isArray(t)) {
      if (t.length > 4 && t.every((item) => typeof item === 'number')) {
        // A shared helper, hot after a few calls from any shape: an explain event's flatten runs a few times a run,
        // too few for V8 to optimise its own code (~10–40 µs a call unoptimised, ~1.5 µs optimised).
        lines.push(`if (numbers(${expr}, ${t.length}, out, ${base} + ${offset}) < 0) return -1;`);
        return t.length;
      }
      const name = `a${names++}`;
      lines.push(`const ${name} = ${expr};`, `if (!Array.isArray(${name}) || ${name}.length !== ${t.length}) return -1;`);
      const first = JSON.stringify(t[0]);
      if (t.length > 4 && t.every((item) => JSON.stringify(item) === first)) {
        // Items of one shape (an explain event's batch columns, its graph's values): a loop. Unrolled, an explain
        // event's flatten was too long for V8 to optimise and took ~11 µs a call.
        const [i, at] = [`i${names++}`, `b${names++}`];
        const per = countNumbers(t[0]);
        lines.push(`for (let ${i} = 0; ${i} < ${t.length}; ${i}++) {`, `const ${at} = ${base} + ${offset} + ${i} * ${per};`);
        walk(t[0], `${name}[${i}]`, at, 0);
        lines.push('}');
        return per * t.length;
      }
      let n = 0;
      t.forEach((item, k) => (n += walk(item, `${name}[${k}]`, base, offset + n)));
      return n;
    }
    if (t !== null && typeof t === 'object') {
      // Same keys: every template key is read below, and the count (undefined values left out, as JSON
      // leaves them out) rules out a key the template does not have.
      const name = `o${names++}`;
      const keys = Object.keys(t);
      lines.push(`const ${name} = ${expr};`, `if (!sameKeys(${name}, ${keys.length})) return -1;`);
      let n = 0;
      for (const key of keys) n += walk((t as Record<string, unknown>)[key], `${name}[${JSON.stringify(key)}]`, base, offset + n);
      return n;
    }
    lines.push(`if (${expr} !== ${JSON.stringify(t)}) return -1;`);
    return 0;
  };
  const count = walk(template, 'value', 'at', 0);
  lines.push(`return ${count};`);
  const make = new Function('numbers', 'sameKeys', `return function flatten(value, out, at) {\n${lines.join('\n')}\n};`);
  return make(numbers, sameKeys) as Flatten;
}

/** Writes array `a`'s `n` numbers at `out[at…]`; −1 if `a` is not an array of `n` numbers. */
function numbers(a: unknown, n: number, out: Float64Array, at: number): number {
  if (!Array.isArray(a) || a.length !== n) return -1;
  for (let i = 0; i < n; i++) {
    const x: unknown = a[i];
    if (typeof x !== 'number') return -1;
    out[at + i] = x;
  }
  return n;
}

/** Whether `o` is a plain object with `n` keys whose values are not undefined (JSON leaves those out). */
function sameKeys(o: unknown, n: number): boolean {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
  // Counting keys alone is cheap (the object's enum cache); reading each one by a variable key is not, so the
  // undefined values are looked for only when the count is off.
  let count = 0;
  for (const _ in o) count++;
  if (count === n) return true;
  count = 0;
  for (const k in o) if ((o as Record<string, unknown>)[k] !== undefined) count++;
  return count === n;
}

/** A shape's flattener, its count of numbers, and where its top-level `globalStep` sits among them (−1: none). */
export interface Flattener {
  flatten: Flatten;
  perStep: number;
  stepAt: number;
}

const compiled = new Map<string, Flattener>();

/**
 * The flattener of a template given as JSON, and its count of numbers, compiled once per shape: a publisher
 * starts a block every thousand steps, and a fresh function would run unoptimised for its first calls again.
 *
 * @example
 * import { flattenerFor } from './step-template.js';
 * const { flatten, perStep } = flattenerFor('{"loss":0,"w":[0,0]}');
 * console.log(perStep, flatten === flattenerFor('{"loss":0,"w":[0,0]}').flatten); // 3 true
 */
export function flattenerFor(templateJson: string): Flattener {
  let entry = compiled.get(templateJson);
  if (!entry) {
    const template: unknown = JSON.parse(templateJson);
    entry = { flatten: compileFlatten(template), perStep: countNumbers(template), stepAt: numberIndex(template, 'globalStep') };
    // A long-lived process that meets many shapes keeps the latest few (a run's steps have one or two).
    if (compiled.size >= 64) compiled.delete(compiled.keys().next().value as string);
    compiled.set(templateJson, entry);
  }
  return entry;
}

/** Where the number at `template[key]` sits in flatten order, or −1 when it is not a number there. */
function numberIndex(template: unknown, key: string): number {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return -1;
  let at = 0;
  for (const [k, t] of Object.entries(template)) {
    if (k === key) return typeof t === 'number' ? at : -1;
    at += countNumbers(t);
  }
  return -1;
}

/** A step shape: its template (JSON, numbers as 0) and its flattener. */
export interface StepShape extends Flattener {
  template: string;
}

/**
 * The shapes this process met last, by event type, latest first: a run has a few (its steps, explain and epoch
 * events), a sweep worker's runs a few more. By type, so a run's first step finds its shape first, not after the
 * explain and epoch shapes the last run's end used (this runs once a block, too rarely for V8 to optimise it).
 */
const recent = new Map<unknown, StepShape[]>();
let scratch = new Float64Array(64);

/**
 * The shape of `step`: one met before if the step fits it (tried by flattening it, ~50 ns), else made from it
 * (a template by `JSON.stringify` with a replacer, ~20 µs: a run's first step paid it before, every run).
 *
 * @example
 * import { shapeOf } from './step-template.js';
 * const a = shapeOf({ type: 'step', loss: 1, w: [1, 2] });
 * console.log(a.template, a.perStep, shapeOf({ type: 'step', loss: 3, w: [4, 5] }) === a); // {"type":"step","loss":0,"w":[0,0]} 3 true
 */
export function shapeOf(step: unknown): StepShape {
  const type = step !== null && typeof step === 'object' ? (step as { type?: unknown }).type : undefined;
  let shapes = recent.get(type);
  if (shapes === undefined) {
    // A long-lived process that meets many types keeps the latest few.
    if (recent.size >= 16) recent.delete(recent.keys().next().value);
    recent.set(type, (shapes = []));
  }
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i]!;
    if (scratch.length < shape.perStep) scratch = new Float64Array(shape.perStep);
    if (shape.flatten(step, scratch, 0) < 0) continue;
    if (i > 0) [shapes[i], shapes[0]] = [shapes[0]!, shape];
    return shape;
  }
  // A non-finite number would become null in the template: the template only gives the shape.
  const template = JSON.stringify(step, (_k, v: unknown) => (typeof v === 'number' ? 0 : v));
  const shape = { template, ...flattenerFor(template) };
  shapes.unshift(shape);
  if (shapes.length > 8) shapes.pop();
  return shape;
}

/** How many numbers a step of `template`'s shape has. */
export function countNumbers(template: unknown): number {
  if (typeof template === 'number') return 1;
  if (template !== null && typeof template === 'object') return Object.values(template).reduce((n: number, t) => n + countNumbers(t), 0);
  return 0;
}

/** Makes a value of `template`'s shape from `values`, starting at `at.i` (advanced past what it reads). */
export function compileBuild(template: unknown): Build {
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
