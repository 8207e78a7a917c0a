// Part of monitor.bench.ts: what each encoding of the lesson's steps costs a client, in one process and
// without sockets. The steps of one epoch (100) as v1 frames (one JSON object each, parsed one by one),
// as a JSON steps frame of keyed objects (the alternative not kept), as the JSON steps frame of rows (what
// the server sends when a step holds something binary cannot carry) and as the binary steps frame (what it
// sends for numbers): bytes on the wire, and µs to turn them into step objects. Medians of 15 rounds, the
// encodings taking turns. Then the same for the events of a run that are not steps and carry arrays of
// numbers (the run event with its data sample, the three explanations): JSON frames against binary event frames.
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { trainLinearRegression } from '@gradstream/trainer';
import { decodeSteps, type EventFrame, type StepsFrame } from '../src/index.js';
import { encodeEventBinary } from '../src/event-binary.js';
import { encodeStepsBinary } from '../src/steps-binary.js';
import { encodeSteps, stepKeys } from '../src/steps-codec.js';

export interface EncodingCost {
  name: string;
  bytes: number;
  /** µs to decode the 100 steps into objects. */
  decodeUs: number;
}

/** Median µs per call of each decoder, over 15 rounds of ~20 ms each, the decoders taking turns (A B C D A B …). */
function timeAll(decoders: (() => number)[]): number[] {
  let sink = 0;
  for (const decode of decoders) for (let i = 0; i < 300; i++) sink += decode(); // warm-up: the JIT
  const rounds: number[][] = decoders.map(() => []);
  for (let r = 0; r < 15; r++) {
    decoders.forEach((decode, d) => {
      const t0 = performance.now();
      let calls = 0;
      while (performance.now() - t0 < 20) {
        sink += decode();
        calls++;
      }
      rounds[d].push(((performance.now() - t0) * 1000) / calls);
    });
  }
  if (sink === 0) throw new Error('nothing decoded');
  return rounds.map((times) => times.sort((x, y) => x - y)[7]);
}

export function encodingCosts(): EncodingCost[] {
  const events: TrainEvent[] = [];
  trainLinearRegression().subscribe((e) => events.push(e));
  const steps = events.filter((e): e is StepEvent => e.type === 'step').slice(0, 100);
  const keys = stepKeys(steps[0]);
  const perEvent = steps.map((s, i) => JSON.stringify({ ...s, seq: i + 1 }));
  const keyed = JSON.stringify({ type: 'steps', fromSeq: 1, events: steps });
  const rows = encodeSteps(steps, keys, 1);
  const binary = encodeStepsBinary(steps, keys, 1) as Uint8Array;
  const withSeq = (list: Record<string, unknown>[]) => {
    for (let i = 0; i < list.length; i++) list[i].seq = i + 1; // in place: the parsed objects are the client's
    return list as unknown as EventFrame[];
  };
  const encodings = [
    { name: 'v1: a JSON frame per step', bytes: perEvent.reduce((n, s) => n + s.length, 0), decode: () => perEvent.map((s) => JSON.parse(s) as EventFrame).length },
    { name: 'JSON steps frame, keyed objects', bytes: keyed.length, decode: () => withSeq((JSON.parse(keyed) as { events: Record<string, unknown>[] }).events).length },
    { name: 'JSON steps frame, rows under one key list', bytes: rows.length, decode: () => decodeSteps(JSON.parse(rows) as StepsFrame).length },
    { name: 'binary steps frame', bytes: binary.length, decode: () => decodeSteps(binary).length },
  ];
  const times = timeAll(encodings.map((e) => e.decode));
  return encodings.map(({ name, bytes }, i) => ({ name, bytes, decodeUs: times[i] }));
}

/** The events of one lesson run that `?batch=1` clients get as binary event frames: as JSON frames (v1) and as those. */
export function eventEncodingCosts(): EncodingCost[] {
  const events: TrainEvent[] = [];
  trainLinearRegression().subscribe((e) => events.push(e));
  // The events the server sends binary (encodeEventBinary gives null for the others).
  const frames = events.flatMap((e, i) => (e.type !== 'step' && encodeEventBinary({ ...e, seq: i + 1 }) !== null ? [{ ...e, seq: i + 1 }] : []));
  const json = frames.map((frame) => JSON.stringify(frame));
  const binary = frames.map((frame) => encodeEventBinary(frame) as Uint8Array);
  const what = frames.map((frame) => frame.type).join(' + ');
  const encodings = [
    { name: `${what}, JSON`, bytes: json.reduce((n, s) => n + s.length, 0), decode: () => json.map((s) => JSON.parse(s) as EventFrame).length },
    { name: `${what}, binary event frame${frames.length === 1 ? '' : 's'}`, bytes: binary.reduce((n, b) => n + b.length, 0), decode: () => binary.map((b) => decodeSteps(b)[0]).length },
  ];
  const times = timeAll(encodings.map((e) => e.decode));
  return encodings.map(({ name, bytes }, i) => ({ name, bytes, decodeUs: times[i] }));
}
