import { parse } from 'csv-parse/sync';
import { toCsv } from '../reports/csv';
import {
  ALLERGEN_NAMES,
  ALLERGENS,
  type Allergen,
  LABEL_NAMES,
  LABELS,
  type Label,
} from './allergens';

/**
 * The menu spreadsheet (docs/menu-import.md): reading a CSV into typed rows with per-cell errors,
 * and writing products back into the same columns. Pure: text in, values out; the import plan
 * (menu-import.ts) decides what the rows do to the catalog.
 */

export const MENU_COLUMNS = [
  'name',
  'category',
  'price',
  'rate',
  'sku',
  'barcode',
  'available',
  'allergens',
  'labels',
  'modifier_groups',
  'description',
] as const;
export type MenuColumn = (typeof MENU_COLUMNS)[number];
const REQUIRED: MenuColumn[] = ['name', 'category', 'price'];

/** Headings people type for the same column. */
const ALIASES: Record<string, MenuColumn> = {
  tax_rate: 'rate',
  vat: 'rate',
  tax: 'rate',
  modifiers: 'modifier_groups',
  modifier_group: 'modifier_groups',
};

export const MAX_IMPORT_ROWS = 5000;

export interface RowError {
  /** Spreadsheet row: the header is row 1, data rows count from 2. */
  row: number;
  column: string | null;
  message: string;
}

/** One data row, each cell parsed; `undefined` where the file has no such column. */
export interface MenuRow {
  row: number;
  name: string;
  category: string | null;
  price: number;
  rate_bp?: number | null;
  sku?: string | null;
  barcode?: string | null;
  available?: boolean | null;
  allergens?: Allergen[];
  labels?: Label[];
  modifier_groups?: string[];
  description?: string | null;
}

export type ParseOutcome =
  | { ok: false; message: string; errors: RowError[] }
  | {
      ok: true;
      separator: ',' | ';';
      columns: MenuColumn[];
      /** Data rows in the file (blank ones skipped), valid or not. */
      total: number;
      rows: MenuRow[];
      errors: RowError[];
      warnings: string[];
    };

/**
 * The separator of the header line: `;` when it has more semicolons than commas outside quotes
 * (Excel in locales whose decimal mark is a comma), else `,`.
 */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const normaliseHeading = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** A cell the export protected from spreadsheets (a leading ' before = + - @) reads as written. */
export const unprotect = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

const printable = /^[\x21-\x7e]+( [\x21-\x7e]+)*$/;

/** Major units as text ("3.40", "3" or, in a ;-separated file, "3,40") → minor units. */
export function parsePrice(text: string, exponent: number, separator: ',' | ';'): number | string {
  const t = text.trim();
  const decimal = separator === ';' ? /^(\d{1,9})(?:[.,](\d*))?$/ : /^(\d{1,9})(?:\.(\d*))?$/;
  const m = decimal.exec(t);
  if (!m) return `"${t}" is not a price: write it like 3.40`;
  const frac = m[2] ?? '';
  if (frac.length > exponent) {
    return exponent === 0
      ? 'this currency has no decimals'
      : `at most ${exponent} decimal${exponent === 1 ? '' : 's'}`;
  }
  const minor = Number(m[1]) * 10 ** exponent + Number(frac.padEnd(exponent, '0') || '0');
  if (minor > 100_000_000) return 'too large';
  return minor;
}

/** Minor units → major units as text with every decimal ("3.40"), as the import reads it. */
export function formatPrice(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const s = String(minor).padStart(exponent + 1, '0');
  return `${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/** A tax rate in percent ("19", "7.7", "19 %") → basis points. */
export function parseRate(text: string, separator: ',' | ';'): number | string {
  const t = text.trim().replace(/\s*%$/, '');
  const m = (
    separator === ';' ? /^(\d{1,3})(?:[.,](\d{1,2}))?$/ : /^(\d{1,3})(?:\.(\d{1,2}))?$/
  ).exec(t);
  if (!m) return `"${text.trim()}" is not a tax rate: write it in percent, like 19 or 7.7`;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bp > 10_000) return 'a tax rate is at most 100 %';
  return bp;
}

/** Basis points → percent as the import reads it ("19", "7.7", "5.25"). */
export function formatRate(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

const byWord = <T extends string>(codes: readonly T[], names: Record<T, string>) => {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(code, code);
    map.set(names[code].toLowerCase(), code);
    map.set(code.replace(/_/g, ' '), code);
    map.set(code.replace(/_/g, '-'), code);
  }
  return map;
};
const allergenWords = byWord(ALLERGENS, ALLERGEN_NAMES);
const labelWords = byWord(LABELS, LABEL_NAMES);

function parseCodes<T extends string>(
  text: string,
  words: Map<string, T>,
  allowed: readonly T[],
): T[] | string {
  const items = text
    .split(/[;,]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: T[] = [];
  for (const item of items) {
    const code = words.get(item);
    if (!code) return `"${item}" is not one of ${allowed.join(', ')}`;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

function parseAvailable(text: string): boolean | null | string {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (['true', 'yes', '1'].includes(t)) return true;
  if (['false', 'no', '0'].includes(t)) return false;
  return 'write true or false';
}

function code(text: string, what: string): string | null | { error: string } {
  const t = text.trim();
  if (t === '') return null;
  if (t.length > 64) return { error: `a ${what} is at most 64 characters` };
  if (!printable.test(t)) return { error: `a ${what} is letters, digits and symbols only` };
  return t;
}

/** Reads a menu CSV: separator detection, a UTF-8 BOM, quoted cells with newlines, per-cell errors. */
export function parseMenuCsv(text: string, exponent: number): ParseOutcome {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { ok: false, message: 'The file is empty.', errors: [] };
  const separator = detectSeparator(body);
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: false, // an empty line is still a spreadsheet row: keep the numbering
      trim: false,
    }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      ok: false,
      message: `The file is not a readable CSV${line ? ` (near line ${line})` : ''}: ${(e as Error).message}`,
      errors: [],
    };
  }
  const [header = [], ...data] = records;
  const warnings: string[] = [];
  const columnAt = new Map<MenuColumn, number>();
  header.forEach((raw, i) => {
    const h = normaliseHeading(raw);
    if (!h) return;
    const col = (MENU_COLUMNS as readonly string[]).includes(h) ? (h as MenuColumn) : ALIASES[h];
    if (!col) warnings.push(`Column "${raw.trim()}" is not a menu column and was ignored.`);
    else if (columnAt.has(col))
      warnings.push(`Column "${raw.trim()}" appears twice; the first counts.`);
    else columnAt.set(col, i);
  });
  const missing = REQUIRED.filter((c) => !columnAt.has(c));
  if (missing.length) {
    return {
      ok: false,
      message: `The header row needs the columns ${missing.join(', ')}.`,
      errors: missing.map((c) => ({ row: 1, column: c, message: 'missing column' })),
    };
  }
  if (data.length > MAX_IMPORT_ROWS) {
    return { ok: false, message: `At most ${MAX_IMPORT_ROWS} rows per import.`, errors: [] };
  }

  const rows: MenuRow[] = [];
  const errors: RowError[] = [];
  let total = 0;
  data.forEach((record, index) => {
    const rowNo = index + 2;
    if (record.every((cell) => cell.trim() === '')) return; // Excel's trailing ;;;; rows
    total++;
    const cell = (c: MenuColumn) => {
      const i = columnAt.get(c);
      return i === undefined ? undefined : unprotect(record[i] ?? '');
    };
    const fail = (column: MenuColumn, message: string) =>
      errors.push({ row: rowNo, column, message });
    const before = errors.length;

    const name = (cell('name') ?? '').trim();
    if (!name) fail('name', 'a product needs a name');
    else if (name.length > 120) fail('name', 'a name is at most 120 characters');
    const categoryText = (cell('category') ?? '').trim();
    if (categoryText.length > 120) fail('category', 'a category name is at most 120 characters');
    const priceText = cell('price') ?? '';
    const price =
      priceText.trim() === ''
        ? 'a product needs a price'
        : parsePrice(priceText, exponent, separator);
    if (typeof price === 'string') fail('price', price);

    const out: MenuRow = {
      row: rowNo,
      name,
      category: categoryText || null,
      price: typeof price === 'number' ? price : 0,
    };
    const rateText = cell('rate');
    if (rateText !== undefined) {
      const r = rateText.trim() === '' ? null : parseRate(rateText, separator);
      if (typeof r === 'string') fail('rate', r);
      else out.rate_bp = r;
    }
    for (const c of ['sku', 'barcode'] as const) {
      const t = cell(c);
      if (t === undefined) continue;
      const v = code(t, c);
      if (v !== null && typeof v === 'object') fail(c, v.error);
      else out[c] = v;
    }
    const availableText = cell('available');
    if (availableText !== undefined) {
      const v = parseAvailable(availableText);
      if (typeof v === 'string') fail('available', v);
      else out.available = v;
    }
    const allergensText = cell('allergens');
    if (allergensText !== undefined) {
      const v = parseCodes(allergensText, allergenWords, ALLERGENS);
      if (typeof v === 'string') fail('allergens', v);
      else out.allergens = v;
    }
    const labelsText = cell('labels');
    if (labelsText !== undefined) {
      const v = parseCodes(labelsText, labelWords, LABELS);
      if (typeof v === 'string') fail('labels', v);
      else out.labels = v;
    }
    const groupsText = cell('modifier_groups');
    if (groupsText !== undefined) {
      out.modifier_groups = [
        ...new Set(
          groupsText
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
    }
    const descriptionText = cell('description');
    if (descriptionText !== undefined) {
      const d = descriptionText.trim();
      if (d.length > 2000) fail('description', 'a description is at most 2000 characters');
      out.description = d || null;
    }
    if (errors.length === before) rows.push(out);
  });
  return { ok: true, separator, columns: [...columnAt.keys()], total, rows, errors, warnings };
}

/** A product as the export writes it: references already turned into names. */
export interface ExportProduct {
  name: string;
  category: string | null;
  price: number;
  rate_bp: number;
  sku: string | null;
  barcode: string | null;
  available: boolean;
  allergens: readonly string[];
  labels: readonly string[];
  modifier_groups: readonly string[];
  description: string | null;
}

/**
 * The menu as CSV, one product a row in MENU_COLUMNS, which the import reads back unchanged. Cells
 * that a spreadsheet would run as a formula get a leading apostrophe (the shared CSV writer).
 * A UTF-8 BOM leads, so Excel reads accents right.
 */
export function menuCsv(products: ExportProduct[], exponent: number): string {
  const rows = products.map((p) => [
    p.name,
    p.category ?? '',
    formatPrice(p.price, exponent),
    formatRate(p.rate_bp),
    p.sku,
    p.barcode,
    p.available ? 'true' : 'false',
    p.allergens.join(';'),
    p.labels.join(';'),
    p.modifier_groups.join(';'),
    p.description,
  ]);
  return `\uFEFF${toCsv([...MENU_COLUMNS], rows)}`;
}
