/** Numbers and arrays as the explanation prints them. */

/** Up to 4 decimals, no trailing zeros, `−` for negatives: 0.1234, −3.4, 12. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : String(Number(x.toFixed(4)));
  return r.replace(/^-/, '−');
}

/** `[0.1, −2, 3.5]`, shortened to the first and last entries when long. */
export function arr(xs: ArrayLike<number>, max = 6): string {
  const n = xs.length;
  if (n === 1) return num(xs[0]);
  const items: string[] = [];
  if (n <= max) for (let i = 0; i < n; i++) items.push(num(xs[i]));
  else {
    for (let i = 0; i < max - 2; i++) items.push(num(xs[i]));
    items.push('…', num(xs[n - 1]));
  }
  return `[${items.join(', ')}]${n > max ? ` (${n} values)` : ''}`;
}
