import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { formatMoney, formatTime, type ReceiptData } from '../orders/receipt';

/** 80 mm paper, font A: 48 columns. */
const COLUMNS = 48;

function encoder() {
  // Epson's code-page table is the one most ESC/POS clones follow; 'auto' picks a code page per
  // run of text, so accented names (Café, Crème) print as such instead of as '?'.
  return new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: COLUMNS,
    codepageMapping: 'epson',
    feedBeforeCut: 4,
  })
    .initialize()
    .codepage('auto');
}

export interface TicketLine {
  quantity: number;
  name: string;
  seat: number | null;
  course: number;
  modifiers: string[];
  note: string | null;
}

/** What a station's printed ticket holds: only that station's new or newly fired lines. */
export interface KitchenTicket {
  station: string;
  ticketNumber: number;
  table: string | null;
  takeaway: boolean;
  server: string | null;
  at: Date;
  timezone: string;
  orderNote: string | null;
  /** Set when the ticket is the firing of a held course ("FIRE COURSE 2"). */
  firedCourse: number | null;
  lines: TicketLine[];
}

/** The ticket's lines by course, courses in order, so the cook reads them as they will go out. */
export function byCourse(lines: TicketLine[]): [number, TicketLine[]][] {
  const groups = new Map<number, TicketLine[]>();
  for (const l of lines) groups.set(l.course, [...(groups.get(l.course) ?? []), l]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}

/** ESC/POS bytes of a kitchen ticket: big header, lines with seat and modifiers, notes large, cut. */
export function kitchenTicketBytes(t: KitchenTicket): Uint8Array {
  const e = encoder();
  e.align('center').bold(true).line(t.station.toUpperCase()).bold(false);
  if (t.firedCourse !== null) e.invert(true).line(` FIRE COURSE ${t.firedCourse} `).invert(false);
  e.size(2, 2)
    .line(`#${t.ticketNumber}${t.table ? `  ${t.table}` : t.takeaway ? '  TAKEAWAY' : ''}`)
    .size(1, 1);
  e.line(`${formatTime(t.at, t.timezone)}${t.server ? `  ·  ${t.server}` : ''}`);
  e.align('left').rule();
  const courses = byCourse(t.lines);
  for (const [course, lines] of courses) {
    if (courses.length > 1 || course > 1) e.bold(true).line(`-- Course ${course} --`).bold(false);
    for (const l of lines) {
      e.size(1, 2)
        .bold(true)
        .line(`${l.quantity} x ${l.name}${l.seat !== null ? `  (seat ${l.seat})` : ''}`)
        .bold(false)
        .size(1, 1);
      for (const m of l.modifiers) e.line(`    + ${m}`);
      if (l.note) e.size(2, 2).line(`  ! ${l.note}`).size(1, 1);
    }
  }
  if (t.orderNote) e.rule().size(2, 2).line(`NOTE: ${t.orderNote}`).size(1, 1);
  return e.rule().cut().encode();
}

/** A test page, so the owner can check a printer's address from the admin screen. */
export function testPageBytes(station: string, at: Date, timezone: string): Uint8Array {
  return encoder()
    .align('center')
    .size(2, 2)
    .line('Comanda')
    .size(1, 1)
    .line('Printer test page')
    .line(`Station: ${station}`)
    .line(formatTime(at, timezone))
    .line('Café · Crème brûlée · 1 × 2,50')
    .rule()
    .cut()
    .encode();
}

/** The customer receipt: the content of the 80 mm HTML receipt, the shop's header, a QR back. */
export function receiptBytes(r: ReceiptData, orderUrl: string): Uint8Array {
  const m = (v: number) => formatMoney(v, r.tenant.currency);
  const row = (left: string, right: string) => {
    const space = Math.max(1, COLUMNS - left.length - right.length);
    return left.length + right.length + 1 > COLUMNS
      ? [left, `${' '.repeat(Math.max(0, COLUMNS - right.length))}${right}`]
      : [`${left}${' '.repeat(space)}${right}`];
  };
  const e = encoder().align('center').size(2, 2).line(r.tenant.name).size(1, 1);
  if (r.tenant.address) e.line(r.tenant.address);
  if (r.tenant.tax_id) e.line(`Tax ID ${r.tenant.tax_id}`);
  e.rule();
  e.bold(true)
    .line(r.kind === 'receipt' ? `Receipt no. ${r.receipt_number}` : 'PRE-BILL - NOT A RECEIPT')
    .bold(false);
  e.line(`Ticket #${r.ticket_number} · ${formatTime(new Date(r.issued_at), r.tenant.timezone)}`);
  e.align('left').rule();
  const out = (rows: string[]) => {
    for (const x of rows) e.line(x);
  };
  for (const l of r.lines) {
    out(row(`${l.quantity} x ${l.name}`, m(l.line_total)));
    for (const x of l.modifiers)
      e.line(`   + ${x.name}${x.price_delta ? ` ${m(x.price_delta)}` : ''}`);
    if (l.note) e.line(`   "${l.note}"`);
  }
  e.rule();
  out(row('Subtotal', m(r.subtotal)));
  if (r.discount_total) out(row('Discount', `-${m(r.discount_total)}`));
  if (!r.tenant.tax_inclusive) out(row('Tax', m(r.tax_total)));
  e.bold(true);
  out(row('TOTAL', m(r.total)));
  e.bold(false);
  for (const p of r.payments) {
    const label = p.method === 'cash' ? 'Cash' : p.method === 'card' ? 'Card' : 'Terminal';
    out(row(label, m(p.amount + p.rounding + p.tip)));
  }
  if (r.tips) out(row('Tip', m(r.tips)));
  if (r.change) out(row('Change', m(r.change)));
  for (const x of r.refunds) out(row(`Refund (${x.reason})`, `-${m(x.amount)}`));
  if (r.kind === 'pre_bill') out(row('Balance due', m(r.balance)));
  e.rule();
  for (const b of r.tax_breakdown) {
    out(row(`Tax ${(b.rate_bp / 100).toFixed(2)} %`, `${m(b.tax)} of ${m(b.gross)}`));
  }
  if (r.tenant.tax_inclusive) e.line('Prices include tax.');
  e.align('center').newline().qrcode(orderUrl, { size: 6 }).line('Thank you!');
  return e.cut().encode();
}
