// Random decimal strings for the exactness tests: every shape a CSV or NDJSON number takes, and the hard cases
// for a fast parser (17 significant digits, subnormals, halfway cases near 2^53, ±0, leading and trailing zeros,
// exponents from -400 to 400). Seeded, so a failure names a string that can be reproduced.

/** xorshift32: a tiny seeded generator (the test needs reproducible strings, not statistical quality). */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function decimalStrings(count: number, seed: number): string[] {
  const rand = xorshift(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const digits = (n: number) => {
    let t = '';
    for (let k = 0; k < n; k++) t += String(int(10));
    return t;
  };
  const randomDouble = () => {
    const b = new Float64Array(1);
    new Uint32Array(b.buffer).set([int(2 ** 32), int(2 ** 32)]);
    return b[0];
  };
  const shapes: (() => string)[] = [
    // digits with a point somewhere, maybe leading/trailing zeros, maybe an exponent
    () => {
      const body = '0'.repeat(int(3)) + digits(1 + int(19)) + '0'.repeat(int(4));
      const cut = int(body.length + 1);
      const point = cut === body.length ? body : `${body.slice(0, cut) || '0'}.${body.slice(cut) || '0'}`;
      const exp = rand() < 0.5 ? '' : `${rand() < 0.5 ? 'e' : 'E'}${['', '+', '-'][int(3)]}${int(rand() < 0.8 ? 30 : 400)}`;
      return (rand() < 0.5 ? '-' : '') + point + exp;
    },
    () => String(randomDouble()), // shortest round trip: up to 17 digits, any exponent, subnormals
    () => (rand() * 10 ** (int(40) - 20)).toPrecision(1 + int(21)),
    () => (rand() * 10 ** (int(40) - 20)).toPrecision(8), // what the W3 bench writes
    () => `${int(10)}.${digits(16)}e-${300 + int(25)}`, // subnormals and the normal/subnormal edge
    () => String(2 ** 53 + int(64) - 32), // around 2^53, where the integer stops being exact
    () => `${digits(1 + int(3))}${'0'.repeat(int(25))}`, // integers beyond 2^53 made of few digits
    () => ['0', '-0', '0.0', '-0.000', '0e5', '-0E-400', '00', '0.', '.5', '+1', '1e', '0x1A', '1_0', ' 7 '][int(14)],
  ];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const text = shapes[int(shapes.length)]();
    out.push(text.endsWith('Infinity') || text === 'NaN' ? '1' : text);
  }
  return out;
}
