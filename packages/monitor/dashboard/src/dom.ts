/** Tiny DOM helpers: the page has no framework, only these. */
import { formatCount, formatNumber, formatTick } from './format.js';

type Attrs = Record<string, string | number | undefined>;

/**
 * Creates an element with attributes and children.
 *
 * @example
 * // not run: needs a DOM (the dashboard page)
 * el('p', { class: 'note' }, 'loss ', el('b', {}, '0.02'));
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/**
 * A number as the page shows it: formatted text, the exact value in `data-value` (for tests and
 * copy-paste) and a `data-testid` to find it.
 *
 * @example
 * // not run: needs a DOM (the dashboard page)
 * numberEl('final-b', 4.19985); // <span class="num" data-testid="final-b" data-value="4.19985">4.19985</span>
 */
export function numberEl(testid: string | undefined, value: number | null | undefined, digits: number | 'count' | 'short' = 6): HTMLSpanElement {
  const text =
    digits === 'count' ? formatCount(value) : digits === 'short' ? (typeof value === 'number' && Number.isFinite(value) ? formatTick(value, 6) : formatNumber(value)) : formatNumber(value, digits);
  return el('span', { class: 'num', 'data-testid': testid, 'data-value': value === null || value === undefined ? '' : String(value) }, text);
}

/** Replaces the children of `parent`. */
export function fill(parent: Element, ...children: (Node | string)[]): void {
  parent.replaceChildren(...children);
}

/** Subscript digits for parameter names: w₁, w₂ … */
export function sub(i: number): string {
  return String(i).replace(/\d/g, (c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]);
}

/** Colours of the parameters and curves, shared by every panel so w₁ is the same blue everywhere. */
export const palette = {
  loss: '#6d28d9',
  lossRaw: 'rgba(109, 40, 217, 0.22)',
  epoch: '#db2777',
  data: 'rgba(37, 99, 235, 0.55)',
  prediction: '#ea580c',
  distance: '#0f766e',
  params: ['#2563eb', '#ea580c', '#9333ea', '#0891b2', '#ca8a04'],
  bias: '#16a34a',
};

/** Colour of parameter `j` (the last one, `d`, is b). */
export function paramColour(j: number, d: number): string {
  return j === d ? palette.bias : palette.params[j % palette.params.length];
}
