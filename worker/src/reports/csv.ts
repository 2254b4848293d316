/**
 * RFC 4180 CSV: CRLF line ends, a header line, fields quoted when they hold a comma, a quote, CR or
 * LF (quotes doubled). Text that a spreadsheet would run as a formula (starting with = + - @, tab or
 * CR) gets a leading apostrophe (OWASP's CSV-injection advice); numbers are written as they are.
 */
export type CsvValue = string | number | null;

const needsQuotes = /[",\r\n]/;
const formula = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = formula.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
