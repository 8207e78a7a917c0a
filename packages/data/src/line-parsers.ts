import { DataFormatError } from './format-error.js';

/**
 * Turns the lines of one CSV or NDJSON source into rows. A parser is created per subscription and fed
 * every non-blank line with its 1-based number; `columns` is known after the first line (the CSV header,
 * or the first NDJSON object's keys).
 *
 * CSV: a header of column names, then one row of numbers per line, comma-separated; a field may be quoted
 * (`"x,1"`, with `""` for a quote inside), as spreadsheets write them. NDJSON: one flat object per line, `{"x1":0.5,"x2":-1.2,"y":3.1}`.
 * The label is the column named `label` (default `y`, or else the last column); every other column,
 * in order, is a feature.
 */
export interface LineParser {
  /** Parses a line; returns the row's features and label, or undefined for the CSV header. */
  parse(text: string, line: number): { x: Float64Array; y: number } | undefined;
  columns?: { features: string[]; label: string };
  /** All column names in the line's order (CSV header, first NDJSON object's keys), once known. */
  names?: string[];
  /** Position of the label among {@link names}. */
  labelIndex: number;
}

export type DataFormat = 'csv' | 'ndjson';

export function lineParser(format: DataFormat, source: string, label: string | undefined): LineParser {
  return format === 'csv' ? new CsvParser(source, label) : new NdjsonParser(source, label);
}

/** Chooses the label among the column names; throws naming the header line when it is missing. */
function splitColumns(names: string[], label: string | undefined, source: string, line: number) {
  if (names.length < 2) {
    throw new DataFormatError(source, line, `expected at least 2 columns (features and a label), found ${names.length}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new DataFormatError(source, line, 'a column has an empty name');
    if (seen.has(name)) throw new DataFormatError(source, line, `duplicate column ${JSON.stringify(name)}`);
    seen.add(name);
  }
  let labelIndex: number;
  if (label !== undefined) {
    labelIndex = names.indexOf(label);
    if (labelIndex < 0) {
      throw new DataFormatError(source, line, `no label column ${JSON.stringify(label)} (columns: ${names.join(', ')})`);
    }
  } else {
    labelIndex = names.indexOf('y');
    if (labelIndex < 0) labelIndex = names.length - 1;
  }
  const features = names.filter((_, k) => k !== labelIndex);
  return { labelIndex, columns: { features, label: names[labelIndex] } };
}

/** A value as an error message shows it: JSON text, cut to 80 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

/**
 * Splits a CSV line at commas outside quotes; a quoted field loses its quotes and `""` becomes `"`
 * (blanks around the quotes are dropped). A line without quotes is split as is.
 */
export function splitCsvLine(text: string): string[] {
  if (!text.includes('"')) return text.split(',');
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    let cell: string;
    if (text[j] === '"') {
      cell = '';
      for (j++; j < text.length; j++) {
        if (text[j] !== '"') cell += text[j];
        else if (text[j + 1] === '"') cell += text[j++];
        else break;
      }
      const comma = text.indexOf(',', j);
      const after = text.slice(j + 1, comma < 0 ? text.length : comma);
      if (after.trim() !== '') cell += after; // text after the closing quote stays, so a bad cell is shown
      i = comma < 0 ? text.length + 1 : comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      cell = text.slice(i, comma < 0 ? text.length : comma);
      i = comma < 0 ? text.length + 1 : comma + 1;
    }
    cells.push(cell);
    if (i > text.length) return cells;
  }
}

/** A decimal number: `Number()` would also read `0x10` as 16, `0b11`, `Infinity` and `''` as 0. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict number parsing: NaN for anything but a decimal number; ±Infinity for one beyond double range (1e400). */
function toNumber(cell: string): number {
  const text = cell.trim();
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** The rule both readers state for a number beyond double range, so CSV and NDJSON agree on `1e400`. */
const OUT_OF_RANGE = 'is out of range (not a finite double)';

class CsvParser implements LineParser {
  columns?: { features: string[]; label: string };
  labelIndex = -1;
  names?: string[];

  constructor(
    private readonly source: string,
    private readonly label: string | undefined,
  ) {}

  parse(text: string, line: number): { x: Float64Array; y: number } | undefined {
    if (!this.columns) {
      const names = splitCsvLine(text.replace(/^\uFEFF/, '')).map((name) => name.trim());
      this.names = names;
      const { labelIndex, columns } = splitColumns(names, this.label, this.source, line);
      this.labelIndex = labelIndex;
      this.columns = columns;
      return undefined;
    }
    const cells = splitCsvLine(text);
    const names = this.names as string[];
    if (cells.length !== names.length) {
      throw new DataFormatError(this.source, line, `expected ${names.length} columns, found ${cells.length}`);
    }
    const x = new Float64Array(names.length - 1);
    let y = 0;
    for (let k = 0, j = 0; k < cells.length; k++) {
      const value = toNumber(cells[k]);
      if (!Number.isFinite(value)) {
        const rule = Number.isNaN(value) ? 'is not a number' : OUT_OF_RANGE;
        throw new DataFormatError(this.source, line, `column ${names[k]} ${rule}: ${shown(cells[k].trim())}`);
      }
      if (k === this.labelIndex) y = value;
      else x[j++] = value;
    }
    return { x, y };
  }
}

class NdjsonParser implements LineParser {
  columns?: { features: string[]; label: string };
  names?: string[];
  labelIndex = -1;

  constructor(
    private readonly source: string,
    private readonly label: string | undefined,
  ) {}

  parse(text: string, line: number): { x: Float64Array; y: number } {
    let value: unknown;
    try {
      // A byte-order mark before the first row is skipped, as the CSV reader skips it before the header.
      value = JSON.parse(this.columns ? text : text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new DataFormatError(this.source, line, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataFormatError(this.source, line, `expected a JSON object, found ${text.length > 40 ? text.slice(0, 37) + '...' : text}`);
    }
    const record = value as Record<string, unknown>;
    if (!this.columns) {
      const names = Object.keys(record);
      const { labelIndex, columns } = splitColumns(names, this.label, this.source, line);
      this.names = names;
      this.labelIndex = labelIndex;
      this.columns = columns;
    }
    const { features, label } = this.columns;
    let fields = 0;
    const x = new Float64Array(features.length);
    for (let j = 0; j < features.length; j++) {
      x[j] = this.field(record, features[j], line);
      fields++;
    }
    const y = this.field(record, label, line);
    fields++;
    if (Object.keys(record).length !== fields) {
      const extra = Object.keys(record).find((key) => key !== label && !features.includes(key));
      throw new DataFormatError(this.source, line, `unexpected field ${JSON.stringify(extra)}`);
    }
    return { x, y };
  }

  private field(record: Record<string, unknown>, name: string, line: number): number {
    const v = Object.hasOwn(record, name) ? record[name] : undefined;
    if (v === undefined) throw new DataFormatError(this.source, line, `missing field ${name}`);
    if (typeof v !== 'number') throw new DataFormatError(this.source, line, `field ${name} is not a number: ${shown(v)}`);
    if (!Number.isFinite(v)) throw new DataFormatError(this.source, line, `field ${name} ${OUT_OF_RANGE}: ${v}`);
    return v;
  }
}
