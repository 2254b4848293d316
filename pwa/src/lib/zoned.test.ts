import { describe, expect, it } from 'vitest';
import { addDays, dateRange, startOfDay, todayIn } from './zoned';

describe('dates in the tenant time zone', () => {
  it('finds where a day begins, across DST changes', () => {
    expect(startOfDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    expect(startOfDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-14T23:00:00.000Z',
    );
    // The day clocks go back (25 h long) and the day they go forward (23 h).
    expect(startOfDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(startOfDay('2026-10-26', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    expect(startOfDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(startOfDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(startOfDay('2026-05-01', 'UTC').toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('covers whole days, half-open', () => {
    expect(dateRange('2026-11-20', '2026-11-26', 'Europe/Berlin')).toEqual({
      from: '2026-11-19T23:00:00.000Z',
      to: '2026-11-26T23:00:00.000Z',
    });
  });

  it('knows today there and moves dates by days', () => {
    const t = Date.parse('2026-11-26T23:30:00Z');
    expect(todayIn('Europe/Berlin', t)).toBe('2026-11-27');
    expect(todayIn('America/New_York', t)).toBe('2026-11-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
