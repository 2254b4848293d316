import type { Api } from './client';
import { newTenant, staff, uniq } from './client';
import { buildMenu, type Menu } from './menu';
import type { StripeEmulator } from './stripe-emulator';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are free-form JSON in these tests
type Json = Record<string, any>;

/** One tenant with a bit of everything, so every kind of id exists (fuzz and cross-tenant tests). */
export interface World {
  tenantId: string;
  token: string;
  ownerId: string;
  menu: Menu;
  category: { id: string };
  cashier: { id: string; token: string };
  kitchen: { id: string; token: string };
  /** A waiter with PIN 1234, for /auth/pin. */
  pinUser: { id: string; pin: string };
  device: { id: string; token: string };
  /** A kitchen station with a printer (so orders make print jobs), a job, and a print bridge. */
  station: { id: string };
  printJob: { id: string };
  printBridge: { id: string; token: string };
  /** An open order with two lines. */
  open: { id: string; lineIds: string[] };
  /** A paid order: one cash payment, partly refunded. */
  paid: { id: string; lineIds: string[]; paymentId: string; refundId: string };
  /** An open order with a pending card payment (Stripe Checkout). */
  pending: { id: string; paymentId: string };
  /** A guest QR order. */
  guest: { id: string; trackingToken: string };
  shift: { id: string };
  /** Every id of the tenant by kind, for path parameters. */
  ids: Record<string, string[]>;
}

async function call(api: Api, method: string, path: string, body: unknown, token?: string) {
  const res = await api.json(method, `/api/v1${path}`, body, token);
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as Json;
}

export async function buildWorld(api: Api, _stripe?: StripeEmulator): Promise<World> {
  const t = await newTenant(api, { tax_inclusive: true });
  const token = t.token;
  const menu = await buildMenu(api, token);
  const category = await call(api, 'POST', '/categories', { name: uniq('Cat') }, token);
  await call(api, 'PATCH', `/products/${menu.cake.id}`, { category_id: category.id }, token);
  const cashier = await staff(api, token, 'cashier');
  const kitchen = await staff(api, token, 'kitchen');
  const pinUser = await call(
    api,
    'POST',
    '/users',
    {
      email: `${uniq('pin')}@staff.test`,
      name: 'Pin',
      role: 'waiter',
      password: 'staff-password',
      pin: '1234',
    },
    token,
  );
  const device = await call(api, 'POST', '/devices', { name: 'Till' }, token);
  const station = await call(
    api,
    'POST',
    '/stations',
    { name: 'Kitchen', category_ids: [category.id], printer: { host: '127.0.0.1', port: 9 } },
    token,
  );
  const printBridge = await call(api, 'POST', '/print-bridges', { name: 'Bridge' }, token);
  const line = (productId: string) => ({
    id: crypto.randomUUID(),
    product_id: productId,
    quantity: 1,
  });
  const order = async (lines: Json[]) =>
    call(
      api,
      'POST',
      '/orders',
      { id: crypto.randomUUID(), type: 'dine_in', table_id: menu.table.id, lines },
      token,
    );
  const open = await order([line(menu.cake.id), line(menu.water.id)]);
  const paid = await order([line(menu.cake.id)]);
  const payment = await call(
    api,
    'POST',
    `/orders/${paid.id}/payments`,
    { id: crypto.randomUUID(), method: 'cash', amount: paid.total },
    token,
  );
  const refund = await call(
    api,
    'POST',
    `/orders/${paid.id}/refunds`,
    { id: crypto.randomUUID(), payment_id: payment.id, amount: 1, reason: 'test' },
    token,
  );
  const pending = await order([line(menu.water.id)]);
  const card = await call(
    api,
    'POST',
    `/orders/${pending.id}/payments`,
    { id: crypto.randomUUID(), method: 'card', amount: pending.total },
    token,
  );
  const guest = await call(api, 'POST', `/public/tables/${menu.table.qr_token}/orders`, {
    id: crypto.randomUUID(),
    lines: [line(menu.water.id)],
  });
  const shift = await call(api, 'POST', '/shifts', { opening_float: 10_000 }, token);
  const lineIds = (o: Json) => (o.lines as Json[]).map((l) => l.id as string);
  const jobs = await call(api, 'GET', '/print-jobs', undefined, token);
  const world: World = {
    tenantId: t.tenant.id,
    token,
    ownerId: t.user.id,
    menu,
    category: { id: category.id },
    cashier: { id: cashier.id, token: cashier.token },
    kitchen: { id: kitchen.id, token: kitchen.token },
    pinUser: { id: pinUser.id, pin: '1234' },
    device: { id: device.id, token: device.device_token },
    station: { id: station.id },
    printJob: { id: (jobs.data as Json[])[0]!.id },
    printBridge: { id: printBridge.id, token: printBridge.token },
    open: { id: open.id, lineIds: lineIds(open) },
    paid: { id: paid.id, lineIds: lineIds(paid), paymentId: payment.id, refundId: refund.id },
    pending: { id: pending.id, paymentId: card.id },
    guest: { id: guest.order.id, trackingToken: guest.tracking_token },
    shift: { id: shift.id },
    ids: {},
  };
  world.ids = {
    order: [open.id, paid.id, pending.id, guest.order.id],
    line: [...world.open.lineIds, ...world.paid.lineIds],
    payment: [payment.id, card.id],
    refund: [refund.id],
    product: [menu.coffee.id, menu.cake.id, menu.water.id],
    category: [category.id],
    tax_rate: [menu.reduced.id, menu.standard.id],
    modifier_group: [menu.size.id, menu.extras.id],
    modifier: [...menu.size.modifiers, ...menu.extras.modifiers].map((m) => m.id),
    table: [menu.table.id],
    user: [t.user.id, cashier.id, kitchen.id, pinUser.id],
    device: [device.id],
    qr_token: [menu.table.qr_token],
    tracking_token: [guest.tracking_token],
    shift: [shift.id],
    station: [station.id],
    print_job: (jobs.data as Json[]).map((j) => j.id as string),
    print_bridge: [printBridge.id],
  };
  return world;
}
