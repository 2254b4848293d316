import { audit } from '../common/audit';
import { requestHash } from '../common/canonical';
import { conflict, notFound, unprocessable } from '../common/errors';
import { appendEvent } from '../common/events';
import type { Db, Sql } from '../db/client';
import { ticketNewLines } from '../kitchen/ticketing';
import type { StreamEvent } from '../platform';
import { tableEventsFor } from '../tables/floor';
import {
  catalogVersionAge,
  currentCatalogVersion,
  historicCatalogView,
  liveCatalogView,
  parseLiveCatalog,
} from './catalog-view';
import { type PricedLine, priceLines, type RequestedLine } from './lines';
import { priceOrder } from './pricing';
import { getOrder, insertOrder, lockOrder, type OrderWithLines, orderContext } from './store';
import { orderView } from './view';

export interface NewOrder {
  id: string;
  type: 'dine_in' | 'takeaway';
  table_id?: string | null;
  note?: string | null;
  catalog_version?: number;
  lines: RequestedLine[];
}

export type CreateResult = { created: boolean; order: OrderWithLines; events: StreamEvent[] };

/** Prices requested lines against the live catalog or the one at `version` (offline orders). */
export async function priceRequested(
  tx: Db,
  tenantId: string,
  lines: RequestedLine[],
  type: 'dine_in' | 'takeaway',
  version: number | null | undefined,
  basePath = 'lines',
): Promise<PricedLine[]> {
  const ids = [...new Set(lines.map((l) => l.product_id))];
  let view: import('./lines').CatalogView;
  if (version !== undefined && version !== null) {
    const current = await currentCatalogVersion(tx, tenantId);
    if (version > current) {
      throw unprocessable(`Catalog version ${version} does not exist yet (current ${current}).`, [
        { path: 'catalog_version', message: 'names a version this menu never had' },
      ]);
    }
    view = await historicCatalogView(tx, tenantId, ids, version);
  } else {
    view = await liveCatalogView(tx, tenantId, ids);
  }
  return checkPriced(priceLines(view, lines, type, basePath));
}

/** Lines that cannot be sold are the client's problem: a 422 naming each. */
function checkPriced(priced: ReturnType<typeof priceLines>): PricedLine[] {
  if (!priced.ok)
    throw unprocessable('Some lines cannot be sold.', priced.errors, 'unsellable-lines');
  return priced.lines;
}

/** Line ids are client UUIDs unique in the tenant: one already used elsewhere is a conflict. */
export async function assertLineIdsFree(tx: Db, tenantId: string, ids: string[]) {
  const taken =
    await tx`select id from order_lines where tenant_id = ${tenantId} and id = any(${ids}::uuid[])`;
  if (taken.length)
    throw conflict(`Line id ${taken[0]!.id} is already used by another order.`, 'line-id-taken');
  if (new Set(ids).size !== ids.length) {
    throw unprocessable('Line ids must be unique.', [
      { path: 'lines', message: 'repeats a line id' },
    ]);
  }
}

/** A version that stopped being current longer ago than this is worth a look (offline prices). */
const OLD_VERSION_SECONDS = 24 * 3600;

/**
 * An order priced at a catalog version that stopped being current over 24 h ago is accepted (the
 * guest saw those prices), and audited with the version's age so a manager can review it.
 */
async function auditOldVersion(
  tx: Db,
  tenantId: string,
  orderId: string,
  version: number,
  meta: { createdBy: string | null; now: Date },
) {
  const age = await catalogVersionAge(tx, tenantId, version, meta.now);
  if (age === null || age <= OLD_VERSION_SECONDS) return;
  await audit(tx, {
    tenantId,
    actorId: meta.createdBy,
    action: 'order.old_catalog_version',
    objectType: 'order',
    objectId: orderId,
    detail: {
      catalog_version: version,
      current_version: await currentCatalogVersion(tx, tenantId),
      age_seconds: age,
      age_hours: Math.floor(age / 3600),
    },
  });
}

/**
 * Creates an order, priced from the catalog, in one transaction of few round trips: one read (the
 * tenant, the id, the table and the live catalog together), one statement for the order, its lines
 * and its ticket number, and the kitchen ticketing and the event sent together. Replays of the same id
 * with the same body return the order as it is now; a different body under the same id is a 409.
 */
export async function createOrder(
  sql: Sql,
  tenantId: string,
  input: NewOrder,
  meta: { source: 'pos' | 'qr'; createdBy: string | null; trackingToken: string | null; now: Date },
): Promise<CreateResult> {
  const hash = await requestHash(input);
  const lineHashes = await Promise.all(input.lines.map((l) => requestHash(l)));
  const historic = input.catalog_version !== undefined && input.catalog_version !== null;
  const productIds = [...new Set(input.lines.map((l) => l.product_id))];
  const replay = async (tx: Db): Promise<CreateResult> => {
    const existing = await lockOrder(tx, tenantId, input.id);
    if (!existing) throw new Error('order vanished during replay');
    if (existing.request_hash !== hash) {
      throw conflict('An order with this id exists with a different body.', 'idempotency-mismatch');
    }
    return { created: false, order: (await getOrder(tx, tenantId, input.id))!, events: [] };
  };
  // One connection from start to end: a request that queued for the pool once does not queue
  // again between its read and its write.
  return sql.begin(async (tx) => {
    const ctx = await orderContext(
      tx,
      tenantId,
      input.id,
      input.table_id ?? null,
      historic ? [] : productIds,
    );
    if (!ctx) throw notFound('Tenant');
    // A plain read (no lock) is enough here: a concurrent twin is caught by the insert below.
    if (ctx.seen_hash !== null) return replay(tx);
    if (!ctx.table_live)
      throw unprocessable('Unknown table.', [
        { path: 'table_id', message: 'names no table of this tenant' },
      ]);
    const lines = historic
      ? await priceRequested(tx, tenantId, input.lines, input.type, input.catalog_version)
      : checkPriced(priceLines(parseLiveCatalog(ctx.catalog), input.lines, input.type, 'lines'));
    if (new Set(lines.map((l) => l.id)).size !== lines.length) {
      throw unprocessable('Line ids must be unique.', [
        { path: 'lines', message: 'repeats a line id' },
      ]);
    }
    // Totals are computed here, from the priced lines, and written with the rows: no re-read.
    const totals = priceOrder({ lines, taxInclusive: ctx.tax_inclusive });
    const tenant = { id: tenantId, timezone: ctx.timezone };
    const written = await insertOrder(
      tx,
      {
        tenant_id: tenantId,
        id: input.id,
        type: input.type,
        table_id: input.table_id ?? null,
        source: meta.source,
        note: input.note ?? null,
        catalog_version: input.catalog_version ?? null,
        request_hash: hash,
        created_by: meta.createdBy,
        tracking_token: meta.trackingToken,
        subtotal: totals.subtotal,
        tax_total: totals.tax_total,
        total: totals.total,
      },
      ctx.timezone,
      meta.now,
      lines.map((l, i) => ({
        ...l,
        request_hash: lineHashes[i]!,
        tax: totals.lines[i]!.tax,
        discount: totals.lines[i]!.discount,
      })),
    ).catch((e: { code?: string }) => {
      // Line ids are unique per tenant: one used by another order is the client's conflict.
      if (e.code === '23505') {
        throw conflict('A line id is already used by another order.', 'line-id-taken');
      }
      throw e;
    });
    // A concurrent request with the same id won the insert: this one is a replay of it.
    if (!written) return replay(tx);
    const full: OrderWithLines = { ...written.order, lines: written.lines, refunded_total: 0 };
    // Kitchen tickets commit with the lines (a crash after commit still prints them); they and the
    // event are independent, so both go out in one round trip.
    const [, event] = await Promise.all([
      ticketNewLines(tx, tenant, input.id, meta.now),
      appendEvent(tx, tenantId, 'order.created', { order: orderView(full) }),
    ]);
    if (input.catalog_version !== undefined) {
      await auditOldVersion(tx, tenantId, input.id, input.catalog_version, meta);
    }
    // The order's own table is the only one it touches (no look-up when it has none).
    const tableEvents = await tableEventsFor(tx, tenantId, [], [full.table_id]);
    return { created: true, order: full, events: [event, ...tableEvents] };
  });
}
