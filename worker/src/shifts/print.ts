import { formatMoney, formatTime } from '../orders/receipt';
import type { ZReport } from './zreport';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The Z (or X) report on 80 mm thermal paper, in the receipt's style. */
export function zReportHtml(z: ZReport, tenant: { name: string; address: string | null }): string {
  const m = (v: number) => esc(formatMoney(v, z.currency));
  const t = (iso: string) => esc(formatTime(new Date(iso), z.timezone));
  const row = (left: string, right: string, cls = '') =>
    `<tr class="${cls}"><td>${left}</td><td class="n">${right}</td></tr>`;
  const title = z.kind === 'z' ? 'Z REPORT' : 'X REPORT (shift open)';
  const taxes = z.tax_summary
    .map(
      (b) =>
        `<tr><td>${(b.rate_bp / 100).toFixed(2)} %</td><td class="n">${m(b.net)}</td><td class="n">${m(b.tax)}</td><td class="n">${m(b.gross)}</td></tr>`,
    )
    .join('');
  const items = (list: ZReport['voids']['items']) =>
    list
      .map(
        (i) =>
          `<div class="mod">${t(i.at)} ${esc(i.name)}${i.reason ? ` “${esc(i.reason)}”` : ''}: ${m(i.amount)}</div>`,
      )
      .join('');
  const staff = z.by_staff
    .map((s) =>
      row(
        `${esc(s.name)} (${s.payments.count})${s.refunds.count ? `<div class="mod">refunds ${s.refunds.count}: −${m(s.refunds.amount)}</div>` : ''}`,
        `${m(s.payments.amount)}${s.tips ? `<div class="mod">tips ${m(s.tips)}</div>` : ''}`,
      ),
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
@page { size: 80mm auto; margin: 4mm; }
body { width: 72mm; margin: 0 auto; font: 12px/1.35 ui-monospace, Menlo, Consolas, monospace; color: #000; }
h1 { font-size: 15px; text-align: center; margin: 0 0 2px; } h2 { font-size: 12px; margin: 4px 0 1px; }
.c { text-align: center; } table { width: 100%; border-collapse: collapse; } td { vertical-align: top; padding: 1px 0; }
.n { text-align: right; white-space: nowrap; padding-left: 6px; } .mod { padding-left: 10px; font-size: 11px; }
.total td { font-weight: bold; font-size: 14px; border-top: 1px dashed #000; padding-top: 3px; }
hr { border: 0; border-top: 1px dashed #000; }
</style></head><body>
<h1>${esc(tenant.name)}</h1>
${tenant.address ? `<div class="c">${esc(tenant.address)}</div>` : ''}
<hr><div class="c"><b>${esc(title)}</b></div>
<div class="c">Opened ${t(z.opened_at)}</div>
${z.closed_at ? `<div class="c">Closed ${t(z.closed_at)}</div>` : ''}<hr>
<h2>Sales</h2><table>
${row('Cash', m(z.sales_by_method.cash))}
${row('Card (QR)', m(z.sales_by_method.card))}
${row('Card terminal', m(z.sales_by_method.terminal))}
${row('Tips cash', m(z.tips_by_method.cash))}
${row('Tips card (QR)', m(z.tips_by_method.card))}
${row('Tips card terminal', m(z.tips_by_method.terminal))}
${row(`Refunds (${z.refunds.count})`, `−${m(z.refunds.amount)}`)}
</table><hr>
<h2>Cash drawer</h2><table>
${row('Opening float', m(z.opening_float))}
${row('Cash sales', m(z.sales_by_method.cash))}
${z.cash_rounding ? row('Cash rounding', m(z.cash_rounding)) : ''}
${row('Cash tips', m(z.tips_by_method.cash))}
${row('Cash refunds', `−${m(z.refunds.by_method.cash)}`)}
${row(`Cash in/out (${z.cash_movements.count})`, m(z.cash_movements.amount))}
${row('Expected', m(z.expected_cash), 'total')}
${z.counted_cash !== null ? row('Counted', m(z.counted_cash)) : ''}
${z.difference !== null ? row('Difference', m(z.difference), 'total') : ''}
</table><hr>
<h2>Tax</h2>
<table><tr><td>Rate</td><td class="n">Net</td><td class="n">Tax</td><td class="n">Gross</td></tr>${taxes}</table><hr>
<table>
${row(`Voids (${z.voids.count})`, m(z.voids.amount))}
</table>${items(z.voids.items)}
<table>
${row(`Discounts (${z.discounts.count})`, m(z.discounts.amount))}
</table>${items(z.discounts.items)}<hr>
<h2>By staff</h2><table>${staff}</table>
<hr><div class="c">${esc(z.shift_id)}</div>
</body></html>`;
}
