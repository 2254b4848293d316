import { describe, expect, it } from 'vitest';
import { matchesOrder } from './history-search';

const order = { ticket_number: 12, receipt_number: 40, total: 1250 };

describe('matchesOrder', () => {
  it('by ticket or receipt number, with or without #', () => {
    expect(matchesOrder(order, '#12', null, 'EUR')).toBe(true);
    expect(matchesOrder(order, '40', null, 'EUR')).toBe(true);
    expect(matchesOrder(order, '13', null, 'EUR')).toBe(false);
  });
  it('by table name, any case', () => {
    expect(matchesOrder(order, 'terr', 'Terrace 2', 'EUR')).toBe(true);
    expect(matchesOrder(order, 'bar', 'Terrace 2', 'EUR')).toBe(false);
  });
  it('by amount with a decimal mark', () => {
    expect(matchesOrder(order, '12.50', null, 'EUR')).toBe(true);
    expect(matchesOrder(order, '12,5', null, 'EUR')).toBe(true);
    expect(matchesOrder(order, '12.40', null, 'EUR')).toBe(false);
  });
  it('an empty search matches everything', () => {
    expect(matchesOrder(order, '  ', null, 'EUR')).toBe(true);
  });
});
