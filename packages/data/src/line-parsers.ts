import { DataFormatError } from './format-error.js';

/**
 * Turns the lines of one CSV or NDJSON source into rows. A parser is created per subscription and fed
 * every non-blank line with its 1-based number; `columns` is known after the first line (the CSV header,
 * or the first NDJSON object's keys).
 *
 * CSV: a header of column names, then one row of numbers per line, comma-separated, no quoting
 * (numeric data needs none). NDJSON: one flat object per line, `{"x1":0.5,"x2":-1.2,"y":3.1}`.
 * The label is the column named `label` (default `y`, or else the last column); every other column,
 * in order, is a feature.
 */
export interface LineParser {
  /** Parses a line; returns the row's features and label, or undefined for the CSV header. */
  parse(text: string, line: number): { x: Float64Array; y: number } | undefined;
  columns?: { features: string[]; label: string };
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

/** Strict number parsing: `Number('')` is 0 and `Number('NaN')` is NaN; both are errors here. */
function toNumber(cell: string): number {
  const text = cell.trim();
  if (text === '') return NaN;
  return Number(text);
}

class CsvParser implements LineParser {
  columns?: { features: string[]; label: string };
  private labelIndex = -1;
  private names: string[] = [];

  constructor(
    private readonly source: string,
    private readonly label: string | undefined,
  ) {}

  parse(text: string, line: number): { x: Float64Array; y: number } | undefined {
    if (!this.columns) {
      this.names = text.replace(/^\uFEFF/, '').split(',').map((name) => name.trim());
      const { labelIndex, columns } = splitColumns(this.names, this.label, this.source, line);
      this.labelIndex = labelIndex;
      this.columns = columns;
      return undefined;
    }
    const cells = text.split(',');
    const names = this.names;
    if (cells.length !== names.length) {
      throw new DataFormatError(this.source, line, `expected ${names.length} columns, found ${cells.length}`);
    }
    const x = new Float64Array(names.length - 1);
    let y = 0;
    for (let k = 0, j = 0; k < cells.length; k++) {
      const value = toNumber(cells[k]);
      if (!Number.isFinite(value)) {
        throw new DataFormatError(this.source, line, `column ${names[k]} is not a number: ${JSON.stringify(cells[k].trim())}`);
      }
      if (k === this.labelIndex) y = value;
      else x[j++] = value;
    }
    return { x, y };
  }
}

class NdjsonParser implements LineParser {
  columns?: { features: string[]; label: string };

  constructor(
    private readonly source: string,
    private readonly label: string | undefined,
  ) {}

  parse(text: string, line: number): { x: Float64Array; y: number } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new DataFormatError(this.source, line, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataFormatError(this.source, line, `expected a JSON object, found ${text.length > 40 ? text.slice(0, 37) + '...' : text}`);
    }
    const record = value as Record<string, unknown>;
    if (!this.columns) this.columns = splitColumns(Object.keys(record), this.label, this.source, line).columns;
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
    if (typeof v !== 'number') throw new DataFormatError(this.source, line, `field ${name} is not a number: ${JSON.stringify(v)}`);
    return v;
  }
}
