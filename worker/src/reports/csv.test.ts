import { describe, expect, it } from 'vitest';
import { parseCsv } from '../shifts/shifts.contract';
import { csvField, toCsv } from './csv';

describe('RFC 4180 CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['', ''],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-x,y', `"'-x,y"`],
    ['@cmd', "'@cmd"],
  ])('writes %j as %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('writes numbers as they are (negative money included) and null as empty', () => {
    expect([csvField(-1250), csvField(0), csvField(null)]).toEqual(['-1250', '0', '']);
  });

  it('ends every record with CRLF and reads back to the same fields', () => {
    const rows = [
      ['k1', 'Drinks, "hot"', 3, -5],
      ['k2', 'multi\r\nline', 0, 12],
    ];
    const text = toCsv(['key', 'label', 'orders', 'gross'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('key,label,orders,gross');
    expect(parseCsv(text)).toEqual([
      ['key', 'label', 'orders', 'gross'],
      ...rows.map((r) => r.map(String)),
    ]);
  });
});
