import type { PaymentRow, RefundRow } from '../payments/store';
import { paymentView, refundView } from '../payments/view';
import { currencyExponent } from '../tenants/currencies';
import type { Tenant } from '../tenants/store';
import { priceOrder } from './pricing';
import type { OrderWithLines } from './store';
import { lineView } from './view';

/** The receipt as data: what the HTML prints, and what `Accept: application/json` returns. */
export function receiptData(
  tenant: Tenant,
  order: OrderWithLines,
  payments: PaymentRow[],
  refunds: RefundRow[],
) {
  const live = order.lines.filter((l) => !l.voided);
  const discount =
    order.discount_kind && order.discount_value !== null
      ? { kind: order.discount_kind, value: order.discount_value }
      : null;
  const totals = priceOrder({
    lines: live,
    taxInclusive: tenant.tax_inclusive,
    discount,
    paidTotal: order.paid_total,
  });
  const settled = payments.filter((p) => p.status === 'succeeded');
  return {
    kind: order.receipt_number === null ? ('pre_bill' as const) : ('receipt' as const),
    receipt_number: order.receipt_number,
    ticket_number: order.ticket_number,
    order_id: order.id,
    tenant: {
      name: tenant.name,
      address: tenant.address,
      tax_id: tenant.tax_id,
      currency: tenant.currency,
      timezone: tenant.timezone,
      tax_inclusive: tenant.tax_inclusive,
    },
    issued_at: order.paid_at ?? order.created_at,
    lines: live.map(lineView),
    subtotal: order.subtotal,
    discount_total: order.discount_total,
    tax_total: order.tax_total,
    total: order.total,
    tax_breakdown: totals.tax_breakdown,
    payments: settled.map(paymentView),
    tips: settled.reduce((s, p) => s + p.tip, 0),
    change: settled.reduce((s, p) => s + (p.change ?? 0), 0),
    // A failed refund gave nothing back; a pending one is shown (marked by its status).
    refunds: refunds.filter((r) => r.status !== 'failed').map(refundView),
    balance: order.total - order.paid_total,
  };
}

export type ReceiptData = ReturnType<typeof receiptData>;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The tender as printed: a terminal payment is a card payment, with the slip reference if any. */
function tenderLabel(p: { method: string; reference: string | null }): string {
  if (p.method === 'cash') return 'Cash';
  if (p.method === 'terminal' && p.reference) return `Card (${esc(p.reference)})`;
  return 'Card';
}

export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const exp = currencyExponent(currency);
  // Integer → decimal string by place value, never by float division.
  const neg = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exp + 1, '0');
  const whole = exp ? digits.slice(0, -exp) : digits;
  const frac = exp ? digits.slice(-exp) : '';
  const fmt = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  const parts = fmt
    .formatToParts(0)
    .map((p) =>
      p.type === 'integer'
        ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
        : p.type === 'fraction'
          ? frac
          : p.value,
    );
  return `${neg ? '-' : ''}${parts.join('')}`;
}

export function formatTime(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);
}

/** 80 mm thermal-paper receipt (about 72 mm printable): one column, monospace figures. */
export function receiptHtml(r: ReceiptData): string {
  const m = (v: number) => esc(formatMoney(v, r.tenant.currency));
  const row = (left: string, right: string, cls = '') =>
    `<tr class="${cls}"><td>${left}</td><td class="n">${right}</td></tr>`;
  const lines = r.lines
    .map((l) => {
      const mods = l.modifiers
        .map(
          (x) =>
            `<div class="mod">+ ${esc(x.name)}${x.price_delta ? ` ${m(x.price_delta)}` : ''}</div>`,
        )
        .join('');
      const note = l.note ? `<div class="mod">“${esc(l.note)}”</div>` : '';
      return row(`${l.quantity} × ${esc(l.name)}${mods}${note}`, m(l.line_total));
    })
    .join('');
  const taxes = r.tax_breakdown
    .map(
      (b) =>
        `<tr><td>${(b.rate_bp / 100).toFixed(2)} %</td><td class="n">${m(b.net)}</td><td class="n">${m(b.tax)}</td><td class="n">${m(b.gross)}</td></tr>`,
    )
    .join('');
  const pays = r.payments
    .map((p) =>
      row(
        `${tenderLabel(p)}${p.tendered !== null ? ` (tendered ${m(p.tendered)})` : ''}`,
        m(p.amount + p.rounding + p.tip),
      ),
    )
    .join('');
  const title =
    r.kind === 'receipt' ? `Receipt no. ${r.receipt_number}` : 'PRE-BILL — NOT A RECEIPT';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
@page { size: 80mm auto; margin: 4mm; }
body { width: 72mm; margin: 0 auto; font: 12px/1.35 ui-monospace, Menlo, Consolas, monospace; color: #000; }
h1 { font-size: 15px; text-align: center; margin: 0 0 2px; } .c { text-align: center; }
table { width: 100%; border-collapse: collapse; } td { vertical-align: top; padding: 1px 0; }
.n { text-align: right; white-space: nowrap; padding-left: 6px; } .mod { padding-left: 10px; font-size: 11px; }
.total td { font-weight: bold; font-size: 14px; border-top: 1px dashed #000; padding-top: 3px; }
hr { border: 0; border-top: 1px dashed #000; } .pre { font-weight: bold; text-align: center; border: 1px solid #000; padding: 2px; }
</style></head><body>
<h1>${esc(r.tenant.name)}</h1>
${r.tenant.address ? `<div class="c">${esc(r.tenant.address)}</div>` : ''}
${r.tenant.tax_id ? `<div class="c">Tax ID ${esc(r.tenant.tax_id)}</div>` : ''}
<hr><div class="${r.kind === 'receipt' ? 'c' : 'pre'}">${esc(title)}</div>
<div class="c">Ticket #${r.ticket_number} · ${esc(formatTime(new Date(r.issued_at), r.tenant.timezone))}</div><hr>
<table>${lines}
${row('Subtotal', m(r.subtotal))}
${r.discount_total ? row('Discount', `−${m(r.discount_total)}`) : ''}
${r.tenant.tax_inclusive ? '' : row('Tax', m(r.tax_total))}
${row('Total', m(r.total), 'total')}
${pays}
${r.tips ? row('Tip', m(r.tips)) : ''}
${r.change ? row('Change', m(r.change)) : ''}
${r.refunds.map((x) => row(`Refund (${esc(x.reason)})`, `−${m(x.amount)}`)).join('')}
${r.kind === 'pre_bill' ? row('Balance due', m(r.balance), 'total') : ''}
</table><hr>
<table><tr><td>Tax</td><td class="n">Net</td><td class="n">Tax</td><td class="n">Gross</td></tr>${taxes}</table>
${r.tenant.tax_inclusive ? '<div class="c">Prices include tax.</div>' : ''}
<hr><div class="c">Thank you!</div>
</body></html>`;
}
