import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCsv } from '../src/node.js';
import { scanNumber, scanned } from '../src/scan-number.js';
import { decimalStrings } from './decimal-strings.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-scan-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const encoder = new TextEncoder();

/** What the readers do with one field: the fast path when it answers for the whole field, else Number(). */
function readField(text: string): { value: number; fast: boolean } {
  const bytes = encoder.encode(text);
  const value = scanNumber(bytes, 0, bytes.length);
  if (value === value && scanned.end === bytes.length) return { value, fast: true };
  return { value: Number(text), fast: false };
}

test('1,000,000 random decimal strings: the same double as Number(), bit for bit (Object.is)', () => {
  const strings = decimalStrings(1_000_000, 18);
  let fast = 0;
  const kinds = { subnormal: 0, negativeZero: 0, seventeenDigits: 0 };
  for (const text of strings) {
    const expected = Number(text);
    const got = readField(text);
    if (!Object.is(got.value, expected)) assert.unreachable(`${JSON.stringify(text)}: got ${got.value} (fast path: ${got.fast}), Number() gives ${expected}`);
    if (got.fast) fast++;
    if (expected !== 0 && Math.abs(expected) < 2.2250738585072014e-308) kinds.subnormal++;
    if (Object.is(expected, -0)) kinds.negativeZero++;
    if (/^-?\d\.\d{16}(e|$)/.test(text)) kinds.seventeenDigits++;
  }
  // The strings cover what they claim, and the fast path answered for a good share (it is not bypassed).
  assert.ok(kinds.subnormal > 10_000 && kinds.negativeZero > 10_000 && kinds.seventeenDigits > 10_000, JSON.stringify(kinds));
  assert.ok(fast > 300_000, `fast path answered ${fast} of 1e6`);
});

test('the fast path declines what it cannot do exactly, and Number() decides', () => {
  for (const [text, fast] of [
    ['123456789012345', true],
    ['9007199254740991', true],
    ['9007199254740993', false],
    ['12345678901234567', false],
    ['1e22', true],
    ['1e23', false],
    ['1.5e-21', true],
    ['1.5e-22', false],
    ['5e-324', false],
    ['-0', true],
    ['.5', false],
    ['0x1A', false],
  ] as const) {
    const got = readField(text);
    assert.is(got.fast, fast, text);
    assert.ok(Object.is(got.value, Number(text)), text);
  }
});

test('a CSV of 1,000,000 random cells reads back exactly the doubles Number() gives', async () => {
  // Decimal cells only: a CSV cell in another notation (0x1A, 1_0) is an error, not what Number() reads (issue 12).
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const cells = decimalStrings(1_000_000, 7).filter((t) => Number.isFinite(Number(t)) && decimal.test(t.trim()));
  const rows = Math.floor(cells.length / 4);
  let text = 'a,b,c,y\n';
  for (let r = 0; r < rows; r++) text += `${cells[4 * r]},${cells[4 * r + 1]},${cells[4 * r + 2]},${cells[4 * r + 3]}${r % 2 ? '\r\n' : '\n'}`;
  const path = join(dir, 'cells.csv');
  writeFileSync(path, text);
  const ds = await readCsv(path);
  assert.is(ds.n, rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 3; j++) {
      if (!Object.is(ds.X[3 * r + j], Number(cells[4 * r + j]))) assert.unreachable(`row ${r}: ${cells[4 * r + j]} read as ${ds.X[3 * r + j]}`);
    }
    if (!Object.is(ds.y[r], Number(cells[4 * r + 3]))) assert.unreachable(`row ${r}: ${cells[4 * r + 3]} read as ${ds.y[r]}`);
  }
});

test.run();
