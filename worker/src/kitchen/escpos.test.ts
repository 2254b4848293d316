import { describe, expect, it } from 'vitest';
import { decodeText, hasCut } from '../test/fake-printer';
import { retryDelayMs } from './backoff';
import { byCourse, kitchenTicketBytes, type TicketLine } from './escpos';

const l = (name: string, course: number, extra: Partial<TicketLine> = {}): TicketLine => ({
  quantity: 1,
  name,
  seat: null,
  course,
  modifiers: [],
  note: null,
  ...extra,
});

describe('kitchen tickets in ESC/POS', () => {
  it('groups lines by course, courses in order, keeping the rung order inside each', () => {
    const groups = byCourse([l('Steak', 2), l('Soup', 1), l('Fish', 2), l('Salad', 1)]);
    expect(groups.map(([c, ls]) => [c, ls.map((x) => x.name)])).toEqual([
      [1, ['Soup', 'Salad']],
      [2, ['Steak', 'Fish']],
    ]);
  });

  it('prints the header, seats, course headings, modifiers, a large note and a cut', () => {
    const bytes = kitchenTicketBytes({
      station: 'Kitchen',
      ticketNumber: 42,
      table: 'T4',
      takeaway: false,
      server: 'Ana',
      at: new Date('2026-12-02T19:30:00Z'),
      timezone: 'Europe/Berlin',
      orderNote: null,
      firedCourse: 2,
      lines: [
        l('Steak', 2, { seat: 3, modifiers: ['Medium rare'], note: 'no salt' }),
        l('Fish', 2, { quantity: 2 }),
      ],
    });
    const text = decodeText(bytes);
    expect(text).toContain('KITCHEN');
    expect(text).toContain('FIRE COURSE 2');
    expect(text).toContain('#42  T4');
    expect(text).toContain('20:30'); // Berlin time
    expect(text).toContain('Ana');
    expect(text).toContain('-- Course 2 --');
    expect(text).toContain('1 x Steak  (seat 3)');
    expect(text).toContain('+ Medium rare');
    expect(text).toContain('! no salt');
    expect(text).toContain('2 x Fish');
    expect(hasCut(bytes)).toBe(true);
    // The note is printed at double width and height (GS ! 0x11) just before it.
    const latin = Buffer.from(bytes).toString('latin1');
    expect(latin.indexOf('\x1d!\x11', latin.indexOf('Steak'))).toBeLessThan(
      latin.indexOf('no salt'),
    );
  });

  it('backs off 2 s, 4 s, 8 s… up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n))).toEqual([
      2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(retryDelayMs(3, 5000, 100)).toBe(400);
  });
});
