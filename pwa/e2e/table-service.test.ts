import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeText, FakePrinter } from '../../worker/src/test/fake-printer';
import { StripeEmulator } from '../../worker/src/test/stripe-emulator';
import type { Catalog, Order, Table } from '../src/api/types';
import { launch, type Server, signIn, startServerWithStripe } from './harness';
import { checkLayout, FITS, PHONE, screenshot, TABLET } from './layout';

const WEBHOOK_SECRET = 'whsec_e2e_table_service';
/** "Each sees the other's changes within a second" (issue 14, Done when). */
const SECOND = 1_000;

interface ZReport {
  kind: 'x' | 'z';
  sales_by_method: Record<'cash' | 'card' | 'terminal', number>;
  tips_by_method: Record<'cash' | 'card' | 'terminal', number>;
  refunds: { count: number; amount: number };
  expected_cash: number;
  opening_float: number;
}
interface Receipt {
  kind: 'pre_bill' | 'receipt';
  receipt_number: number | null;
  total: number;
  balance: number;
  payments: { method: string; amount: number; status: string }[];
}

/**
 * Table service end to end in Chromium against the real Node server and the Stripe emulator:
 * a guest paying their share from the table's QR page while the cashier watches the balance go
 * down, and the "Done when" played in full by a waiter on a phone and a cashier on a
 * tablet. Money is checked through the API, to the cent.
 */
describe.skipIf(!inject('chromium'))(
  'table service: split bills and guests paying (Chromium)',
  () => {
    const stripe = new StripeEmulator();
    let server: Server;
    let browser: Browser;
    let owner: string;
    let waiter: string;
    let tables: Table[];
    let products: { id: string; name: string; price: number }[];

    const table = (name: string) => tables.find((t) => t.name === name)!;
    /** Minor units from a formatted amount ("€12.50" → 1250; EUR has two decimals). */
    const minor = async (l: Locator) => Number(((await l.textContent()) ?? '').replace(/\D/g, ''));
    const tableButton = (page: Page, name: string, status?: string) =>
      page.getByRole('button', { name: new RegExp(`^${name}, ${status ?? ''}`) });
    const openAt = async (name: string) =>
      (
        await server.json<{ data: Order[] }>(
          'GET',
          `/orders?table_id=${table(name).id}&status=open`,
          owner,
        )
      ).data;
    /** An order's receipt (a pre-bill before payment) as JSON, as the printers get it. */
    const receiptOf = async (orderId: string) => {
      const res = await fetch(`${server.url}/api/v1/orders/${orderId}/receipt`, {
        headers: { authorization: `Bearer ${owner}`, accept: 'application/json' },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Receipt;
    };
    /** What Stripe does once the guest has paid: the signed webhook for the latest checkout. */
    const settleLastCheckout = async () => {
      const { session, res } = await stripe.settleLatest(server.url, WEBHOOK_SECRET);
      expect(res.status).toBe(200);
      return session;
    };
    /** A guest's phone on the table's QR page, ordering the named products. */
    const guestOrders = async (tableName: string, names: string[]) => {
      const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/t/${table(tableName).qr_token}`);
      await page.getByText(`Table ${tableName}`).waitFor();
      for (const n of names) await page.getByRole('button', { name: new RegExp(`^${n}`) }).click();
      await page.getByRole('button', { name: 'Place order' }).click();
      const card = page.getByRole('article', { name: /^Order #\d+$/ });
      await card.waitFor();
      const ticket = Number((await card.getAttribute('aria-label'))!.replace('Order #', ''));
      const [order] = (await openAt(tableName)).filter((o) => o.ticket_number === ticket);
      return { ctx, page, card, order: order! };
    };

    beforeAll(async () => {
      server = await startServerWithStripe(stripe, WEBHOOK_SECRET);
      browser = await launch();
      owner = await server.token('owner@demo.test');
      waiter = await server.token('waiter@demo.test');
      tables = (await server.json<{ data: Table[] }>('GET', '/tables', owner)).data;
      const catalog = await server.json<Catalog>('GET', '/catalog', owner);
      products = catalog.products.filter(
        (p) => p.available !== false && !(p.modifier_group_ids ?? []).length,
      );
      // Service runs in a shift: every payment below lands in its Z report.
      await server.json('POST', '/shifts', owner, { opening_float: 10_000 });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await stripe.stop();
    });

    it('a guest pays half from the QR page; the cashier sees it live and takes the rest in cash, paid once', async () => {
      const guest = await guestOrders('T1', ['Black Tea', 'Black Tea', 'Black Tea']);
      const total = guest.order.total;

      // The cashier has T1's bill open on the tablet.
      const tablet = await (await browser.newContext({ viewport: TABLET })).newPage();
      await signIn(tablet, server, 'cashier@demo.test');
      await tablet.waitForURL('**/pos');
      await tablet.goto(`${server.url}/floor`);
      await tableButton(tablet, 'T1', 'ordered').click();
      await tablet
        .getByRole('dialog', { name: 'Table T1' })
        .getByRole('button', { name: `Pay #${guest.order.ticket_number}` })
        .click();
      const pay = tablet.getByRole('dialog', { name: `Pay order #${guest.order.ticket_number}` });
      const due = pay.locator('dd.total');
      expect(await minor(due)).toBe(total);

      // The guest splits it two ways and pays their share by card.
      await guest.card.getByText('Split the bill').click();
      const share = Math.ceil(total / 2);
      const payShare = guest.card.getByRole('button', { name: /^Pay my share/ });
      expect(await minor(payShare)).toBe(share);
      await checkLayout(guest.page, 'guest-pay-share').then((r) => expect(r.overflow).toBe(0));
      await payShare.click();
      await guest.page.waitForURL(`${stripe.base}/pay/**`);
      const session = await settleLastCheckout();
      expect(session.amount_total).toBe(share);

      // The balance goes down on the cashier's open payment dialog, without a reload.
      await expect.poll(() => minor(due), { timeout: 5_000 }).toBe(total - share);
      await screenshot(tablet, 'guest-share-staff-balance');
      // The guest comes back to the table's page: the others see what is left to share.
      await guest.page.goto(session.success_url);
      await guest.page.getByRole('link', { name: 'Back to your order' }).click();
      await guest.card.getByText('Split the bill').click();
      await expect
        .poll(() => minor(guest.card.getByRole('button', { name: /^Pay my share/ })))
        .toBe(Math.ceil((total - share) / 2));

      // The waiter takes the rest in cash: the order is paid exactly once, with one receipt number.
      // The amount typed (the whole bill) came down with the balance: cash for the rest.
      expect(await pay.getByLabel('Amount to pay').inputValue()).toBe(
        ((total - share) / 100).toFixed(2),
      );
      await pay.getByRole('button', { name: 'Cash' }).click();
      await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button').first().click();
      await pay.getByRole('button', { name: 'Take cash' }).click();
      await pay.getByText('Paid in full.').waitFor({ timeout: 15_000 });
      await expect
        .poll(
          async () => (await server.json<Order>('GET', `/orders/${guest.order.id}`, owner)).status,
          { timeout: 15_000 },
        )
        .toBe('paid');
      const paid = await server.json<Order>('GET', `/orders/${guest.order.id}`, owner);
      expect(paid).toMatchObject({ paid_total: total, balance: 0 });
      expect(paid.receipt_number).toBeGreaterThan(0);
      const receipt = await receiptOf(guest.order.id);
      expect(receipt.kind).toBe('receipt');
      expect(
        receipt.payments.filter((p) => p.status === 'succeeded').map((p) => [p.method, p.amount]),
      ).toEqual(
        expect.arrayContaining([
          ['card', share],
          ['cash', total - share],
        ]),
      );
      await guest.card.getByText('paid', { exact: true }).waitFor({ timeout: 15_000 });
      await guest.ctx.close();
      await tablet.context().close();
    });

    it("keeps the guest's list of the table's other bills live: a round and a cash part show within seconds, a bill paid in full leaves, what the guest was doing stays", async () => {
      // Two bills the staff took at T2, each with a line.
      const line = (i: number, quantity = 1) => ({
        id: crypto.randomUUID(),
        product_id: products[i % products.length]!.id,
        quantity,
      });
      const staffBill = (i: number) =>
        server.json<Order>('POST', '/orders', waiter, {
          id: crypto.randomUUID(),
          type: 'dine_in',
          table_id: table('T2').id,
          lines: [line(i)],
        });
      const tab = await staffBill(1);
      const paidSoon = await staffBill(2);

      // A guest at T2 orders from the QR page: the staff's bills are listed under theirs.
      const guest = await guestOrders('T2', ['Black Tea']);
      // What the page fetches of the list, and the events its sockets get (from a fresh load).
      const fetched: string[] = [];
      let fetching = 0;
      const isList = (r: Request) => r.url().endsWith(`/tables/${table('T2').qr_token}/bills`);
      guest.page.on('request', (r) => {
        if (!isList(r)) return;
        fetched.push(r.url());
        fetching++;
      });
      const answered = (r: Request) => {
        if (isList(r)) fetching--;
      };
      guest.page.on('requestfinished', answered);
      guest.page.on('requestfailed', answered);
      const events: string[] = [];
      guest.page.on('websocket', (ws) =>
        ws.on('framereceived', (f) => {
          const type = (JSON.parse(String(f.payload)) as { type: string }).type;
          if (type !== 'ping') events.push(type);
        }),
      );
      await guest.page.reload();
      const atTable = guest.page.getByRole('region', { name: 'Bills at this table' });
      const billCard = (o: Order) =>
        atTable.getByRole('article', { name: `Bill #${o.ticket_number}` });
      const due = (o: Order) => minor(billCard(o).locator('header span'));
      await expect.poll(() => due(tab)).toBe(tab.total);
      expect(await due(paidSoon)).toBe(paidSoon.total);
      // The guest is in the middle of choosing a share of their own order.
      await guest.card.getByText('Split the bill').click();
      const amount = guest.card.getByLabel('Or pay an amount');
      await amount.fill('1.00');
      // Marks of this very page and card: a reload or a redrawn list would lose them.
      await guest.page.evaluate(() => Object.assign(window, { __sameVisit: true }));
      const tabCard = await billCard(tab).elementHandle();

      // The waiter adds a round to the tab and the cashier takes part of it in cash.
      const more = await server.json<Order>('POST', `/orders/${tab.id}/lines`, waiter, {
        lines: [line(3, 2)],
      });
      expect(more.total).toBeGreaterThan(tab.total);
      await server.json('POST', `/orders/${tab.id}/payments`, owner, {
        id: crypto.randomUUID(),
        method: 'cash',
        amount: 100,
      });
      // Within seconds, well inside the page's 15 s poll: the bill's own guest socket told it.
      await expect.poll(() => due(tab), { timeout: 5_000, interval: 100 }).toBe(more.total - 100);
      await billCard(tab).getByText(/2× /).waitFor();

      // The other bill is paid in full at the counter: it leaves the guest's list.
      await server.json('POST', `/orders/${paidSoon.id}/payments`, owner, {
        id: crypto.randomUUID(),
        method: 'cash',
        amount: paidSoon.total,
      });
      await billCard(paidSoon).waitFor({ state: 'detached', timeout: 5_000 });
      expect(await due(tab)).toBe(more.total - 100);

      // Hidden (another app in front) or offline, the page fetches nothing, events or not; seen
      // again or back online, it fetches at once. A bill the staff open meanwhile has no socket
      // on the page yet: it comes with that fetch.
      const seen = (visible: boolean) =>
        guest.page.evaluate((visible) => {
          if (visible) Reflect.deleteProperty(document, 'visibilityState');
          else
            Object.defineProperty(document, 'visibilityState', {
              value: 'hidden',
              configurable: true,
            });
          document.dispatchEvent(new Event('visibilitychange'));
        }, visible);
      const cash = (o: Order, amount: number) =>
        server.json('POST', `/orders/${o.id}/payments`, owner, {
          id: crypto.randomUUID(),
          method: 'cash',
          amount,
        });
      /** Hidden or offline, once the fetch under way (if any) is back: the count from then on. */
      const quiet = async () => {
        await expect.poll(() => fetching).toBe(0);
        return fetched.length;
      };
      await seen(false);
      const hidden = await quiet();
      const opened = await staffBill(4);
      const paymentsSeen = events.filter((t) => t === 'payment.succeeded').length;
      await cash(tab, 50);
      // The tab's socket got the payment, and the page fetched nothing for it.
      await expect
        .poll(() => events.filter((t) => t === 'payment.succeeded').length)
        .toBe(paymentsSeen + 1);
      await guest.page.waitForTimeout(500);
      expect(fetched).toHaveLength(hidden);
      // Seen again: fetched at once (the poll's timer stopped when it hid), with the new bill.
      await seen(true);
      await billCard(opened).waitFor({ timeout: 5_000 });
      expect(await due(tab)).toBe(more.total - 150);

      await guest.ctx.setOffline(true);
      const offline = await quiet();
      await cash(tab, 50);
      await guest.page.waitForTimeout(1_500);
      expect(fetched).toHaveLength(offline);
      expect(await due(tab)).toBe(more.total - 150);
      await guest.ctx.setOffline(false);
      await expect.poll(() => due(tab), { timeout: 5_000, interval: 100 }).toBe(more.total - 200);

      // Same visit, same card on screen, the share being chosen still open with its amount.
      expect(await guest.page.evaluate(() => '__sameVisit' in window)).toBe(true);
      expect(await tabCard!.evaluate((el) => el.isConnected)).toBe(true);
      expect(
        await guest.card
          .locator('details.pay-share')
          .evaluate((d) => (d as HTMLDetailsElement).open),
      ).toBe(true);
      expect(await amount.inputValue()).toBe('1.00');
      await atTable.scrollIntoViewIfNeeded();
      await checkLayout(guest.page, 'guest-table-bills-live').then((r) =>
        expect(r.overflow).toBe(0),
      );
      await guest.ctx.close();
    });

    it('plays "Done when": phone and tablet on one floor, T3 → T7, split by seat in three, two on the terminal, one by the guest, the tablet offline in the middle, every receipt and the Z report to the cent', async () => {
      const before = await server.json<{ x_report: ZReport }>('GET', '/shifts/current', owner);

      // The waiter on a phone, the cashier on a tablet, both on the floor.
      const phoneCtx: BrowserContext = await browser.newContext({
        viewport: PHONE,
        hasTouch: true,
        isMobile: true,
      });
      const phone = await phoneCtx.newPage();
      await signIn(phone, server, 'waiter@demo.test');
      await phone.waitForURL('**/pos');
      await phone.getByRole('link', { name: 'Floor' }).click();
      const tabletCtx = await browser.newContext({ viewport: TABLET });
      const tablet = await tabletCtx.newPage();
      await signIn(tablet, server, 'cashier@demo.test');
      await tablet.waitForURL('**/pos');
      await tablet.goto(`${server.url}/floor`);
      await tableButton(phone, 'T3', 'free').waitFor();
      await tableButton(tablet, 'T3', 'free').waitFor();

      // The party sits at T3 and orders from the table's QR code: both devices see it at once.
      const guest = await guestOrders('T3', ['Black Tea']);
      await tableButton(phone, 'T3', 'ordered').waitFor({ timeout: SECOND });
      await tableButton(tablet, 'T3', 'ordered').waitFor({ timeout: SECOND });

      // The waiter adds a round with a line per seat onto the party's tab (seats 1, 2, 3).
      const seatLines = [1, 2, 2, 3].map((seat, i) => ({
        id: crypto.randomUUID(),
        product_id: products[(i + 1) % products.length]!.id,
        quantity: 1,
        seat,
      }));
      const tab = await server.json<Order>('POST', `/orders/${guest.order.id}/lines`, waiter, {
        lines: seatLines,
      });
      const partyTotal = tab.total;
      expect(partyTotal).toBeGreaterThan(guest.order.total);

      // The waiter moves the party T3 → T7 on the phone; the tablet follows within a second.
      await tablet.getByRole('tab', { name: 'Terrace' }).click();
      await tableButton(tablet, 'T7', 'free').waitFor();
      await tableButton(phone, 'T3').click();
      const sheet3 = phone.getByRole('dialog', { name: 'Table T3' });
      await sheet3.getByRole('button', { name: `Move #${tab.ticket_number}` }).click();
      await sheet3.getByRole('button', { name: 'Move to T7' }).click();
      await tableButton(tablet, 'T7', 'ordered').waitFor({ timeout: SECOND });
      await tableButton(phone, 'T3', 'free').waitFor();
      expect((await server.json<Order>('GET', `/orders/${tab.id}`, owner)).table_id).toBe(
        table('T7').id,
      );

      // A receipt printer at the pass, for the parts' pre-bills.
      const printer = await new FakePrinter().on();
      await server.json('POST', '/stations', owner, {
        name: 'Pass',
        category_ids: [],
        printer: { host: '127.0.0.1', port: printer.port },
      });

      // The waiter keeps T7's sheet open on the phone: the tablet's split and payments show there.
      await phone.getByRole('tab', { name: 'Terrace' }).click();
      await tableButton(phone, 'T7', 'ordered').click();
      const phoneSheet = phone.getByRole('dialog', { name: 'Table T7' });
      const phoneBills = phoneSheet.getByRole('listitem');
      await expect.poll(() => phoneBills.count()).toBe(1);

      // The cashier opens the bill on the tablet and splits it by seat from the payment screen.
      await tableButton(tablet, 'T7').click();
      await tablet
        .getByRole('dialog', { name: 'Table T7' })
        .getByRole('button', { name: `Pay #${tab.ticket_number}` })
        .click();
      const payTab = tablet.getByRole('dialog', { name: `Pay order #${tab.ticket_number}` });
      expect(await checkLayout(tablet, 'done-when-payment', [payTab])).toEqual(FITS);
      await payTab.getByRole('button', { name: 'By item or seat…' }).click();
      const split = tablet.getByRole('dialog', { name: `Split bill #${tab.ticket_number}` });
      await split.getByRole('tab', { name: 'By seat' }).click();
      await split.getByRole('button', { name: 'Split into 3 bills by seat' }).click();
      await split
        .getByRole('button', { name: /^Print bill #/ })
        .nth(2)
        .waitFor();
      expect(await checkLayout(tablet, 'done-when-split', [split])).toEqual(FITS);
      await expect.poll(() => phoneBills.count(), { timeout: SECOND, interval: 50 }).toBe(3);

      const bills = await openAt('T7');
      expect(bills).toHaveLength(3);
      expect(bills.reduce((s, o) => s + o.total, 0)).toBe(partyTotal);
      // Seat 1's bill stays the party's own order (with the guest's unseated tea).
      const own = bills.find((o) => o.id === tab.id)!;
      const [seat2, seat3] = bills
        .filter((o) => o.id !== tab.id)
        .sort((a, b) => a.ticket_number - b.ticket_number);
      expect(seat2!.lines.every((l) => l.seat === 2)).toBe(true);
      expect(seat3!.lines.every((l) => l.seat === 3)).toBe(true);

      // Each part's pre-bill, on its own: seat 3's on the receipt printer, every one as JSON.
      await split
        .getByRole('button', { name: `Bill #${seat3!.ticket_number} to the printer` })
        .click();
      await split.getByText(`Bill #${seat3!.ticket_number} sent to the printer.`).waitFor();
      await expect.poll(() => printer.jobs.length, { timeout: 15_000 }).toBe(1);
      const printed = decodeText(printer.jobs[0]!);
      expect(printed).toContain('PRE-BILL');
      expect(printed).toContain(`Ticket #${seat3!.ticket_number} `);
      await printer.off();
      for (const b of bills) {
        const pre = await receiptOf(b.id);
        expect(pre).toMatchObject({ kind: 'pre_bill', total: b.total, balance: b.total });
      }

      const payOnTerminal = async (bill: Order) => {
        await split.getByRole('button', { name: `Pay #${bill.ticket_number}` }).click();
        const pay = tablet.getByRole('dialog', { name: `Pay order #${bill.ticket_number}` });
        expect(await minor(pay.locator('dd.total'))).toBe(bill.total);
        await pay.getByRole('button', { name: 'Terminal' }).click();
        await pay.getByRole('button', { name: /^Terminal approved: record/ }).click();
        await pay.getByText('Paid in full.').waitFor({ timeout: 15_000 });
        await pay.getByRole('button', { name: 'Done' }).click();
        await pay.waitFor({ state: 'detached' });
      };

      // Seat 2 on the card terminal: the phone sees its bill paid within a second.
      const dueOnPhone = (bill: Order) =>
        minor(
          phoneBills
            .filter({ has: phone.getByText(`#${bill.ticket_number}`, { exact: true }) })
            .locator('.line-head .money'),
        );
      expect(await dueOnPhone(seat2!)).toBe(seat2!.total);
      await payOnTerminal(seat2!);
      await expect.poll(() => dueOnPhone(seat2!), { timeout: SECOND, interval: 50 }).toBe(0);
      await screenshot(phone, 'done-when-sheet');
      await phoneSheet.getByRole('button', { name: 'Close' }).click();

      // The tablet loses the network; seat 1 is paid on the terminal all the same (queued).
      await tabletCtx.setOffline(true);
      await payOnTerminal(own);
      await screenshot(tablet, 'done-when-offline');
      expect((await server.json<Order>('GET', `/orders/${own.id}`, owner)).paid_total).toBe(0);

      // Meanwhile the guest at seat 3 pays their bill, one the split made, from T7's QR page.
      await guest.page.goto(`${server.url}/t/${table('T7').qr_token}`);
      const atTable = guest.page.getByRole('region', { name: 'Bills at this table' });
      await atTable.getByRole('article', { name: `Bill #${seat3!.ticket_number}` }).waitFor();
      await screenshot(guest.page, 'done-when-table-bills');
      await atTable.getByRole('button', { name: `Pay bill #${seat3!.ticket_number}` }).click();
      const bill = guest.page.getByRole('article', { name: `Order #${seat3!.ticket_number}` });
      await bill.getByText('Split the bill').click();
      await bill.getByLabel('Or pay an amount').fill((seat3!.total / 100).toFixed(2));
      await screenshot(guest.page, 'done-when-guest');
      await bill.getByRole('button', { name: /^Pay (?!my share|now)/ }).click();
      await guest.page.waitForURL(`${stripe.base}/pay/**`);
      const session = await settleLastCheckout();
      expect(session.amount_total).toBe(seat3!.total);

      // The tablet comes back: the queued payment goes, nothing lost and nothing doubled.
      await tabletCtx.setOffline(false);
      await expect.poll(async () => (await openAt('T7')).length, { timeout: 30_000 }).toBe(0);
      await tableButton(phone, 'T7', 'paid').waitFor({ timeout: 10_000 });
      await split.getByRole('button', { name: 'Done' }).click();
      await tableButton(tablet, 'T7', 'paid').waitFor({ timeout: 10_000 });
      expect(await checkLayout(phone, 'done-when-floor')).toEqual(FITS);
      expect(await checkLayout(tablet, 'done-when-floor')).toEqual(FITS);

      // Every receipt: paid to the cent, one receipt number each, the tenders as taken.
      const receipts = await Promise.all(bills.map((b) => receiptOf(b.id)));
      const numbers = new Set<number>();
      for (const [i, r] of receipts.entries()) {
        const taken = r.payments.filter((p) => p.status === 'succeeded');
        expect(r).toMatchObject({ kind: 'receipt', balance: 0, total: bills[i]!.total });
        expect(taken.reduce((s, p) => s + p.amount, 0)).toBe(r.total);
        expect(taken.map((p) => p.method)).toEqual([
          bills[i]!.id === seat3!.id ? 'card' : 'terminal',
        ]);
        numbers.add(r.receipt_number!);
      }
      expect(numbers.size).toBe(3);
      expect(receipts.reduce((s, r) => s + r.total, 0)).toBe(partyTotal);

      // The Z report: closing the shift adds exactly these sales to what was taken before.
      const shift = await server.json<{ id: string }>('GET', '/shifts/current', owner);
      const x = before.x_report;
      const z = await server.json<ZReport>('POST', `/shifts/${shift.id}/close`, owner, {
        counted_cash: x.expected_cash,
      });
      expect(z.kind).toBe('z');
      expect(z.sales_by_method.terminal - x.sales_by_method.terminal).toBe(
        seat2!.total + own.total,
      );
      expect(z.sales_by_method.card - x.sales_by_method.card).toBe(seat3!.total);
      expect(z.sales_by_method.cash).toBe(x.sales_by_method.cash);
      const sales = (r: ZReport) => Object.values(r.sales_by_method).reduce((s, v) => s + v, 0);
      expect(sales(z) - sales(x)).toBe(partyTotal);
      expect(z.refunds.count).toBe(0);
      await phoneCtx.close();
      await tabletCtx.close();
      await guest.ctx.close();
    });
  },
);
