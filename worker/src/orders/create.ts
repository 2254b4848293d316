import { audit } from '../common/audit';
import { requestHash } from '../common/canonical';
import { conflict, unprocessable } from '../common/errors';
import { appendEvent } from '../common/events';
import type { Db } from '../db/client';
import { ticketNewLines } from '../kitchen/ticketing';
import type { StreamEvent } from '../platform';
import { tableEventsFor } from '../tables/floor';
import type { Tenant } from '../tenants/store';
import {
  catalogVersionAge,
  currentCatalogVersion,
  historicCatalogView,
  liveCatalogView,
} from './catalog-view';
import { type PricedLine, priceLines, type RequestedLine } from './lines';
import { priceOrder } from './pricing';
import {
  getOrder,
  insertLines,
  insertOrder,
  type LineRow,
  lockOrder,
  nextTicketNumber,
  type OrderWithLines,
} from './store';
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
  const priced = priceLines(view, lines, type, basePath);
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
 * Creates an order in one transaction, priced from the catalog. Replays of the same id with the same
 * body return the order as it is now; a different body under the same id is a 409.
 */
export async function createOrder(
  tx: Db,
  tenant: Tenant,
  input: NewOrder,
  meta: { source: 'pos' | 'qr'; createdBy: string | null; trackingToken: string | null; now: Date },
): Promise<CreateResult> {
  const hash = await requestHash(input);
  const replay = async (): Promise<CreateResult> => {
    const existing = await lockOrder(tx, tenant.id, input.id);
    if (!existing) throw new Error('order vanished during replay');
    if (existing.request_hash !== hash) {
      throw conflict('An order with this id exists with a different body.', 'idempotency-mismatch');
    }
    return { created: false, order: (await getOrder(tx, tenant.id, input.id))!, events: [] };
  };
  // A plain read (no lock) is enough here: a concurrent twin is caught by the insert below.
  const [seen] = await tx`select 1 from orders where tenant_id = ${tenant.id} and id = ${input.id}`;
  if (seen) return replay();

  if (input.table_id) {
    const [table] = await tx`select id from tables
      where tenant_id = ${tenant.id} and id = ${input.table_id} and deleted_at is null`;
    if (!table)
      throw unprocessable('Unknown table.', [
        { path: 'table_id', message: 'names no table of this tenant' },
      ]);
  }
  const lines = await priceRequested(tx, tenant.id, input.lines, input.type, input.catalog_version);
  if (new Set(lines.map((l) => l.id)).size !== lines.length) {
    throw unprocessable('Line ids must be unique.', [
      { path: 'lines', message: 'repeats a line id' },
    ]);
  }
  // Totals are computed here, from the priced lines, and written with the rows: no re-read.
  const totals = priceOrder({ lines, taxInclusive: tenant.tax_inclusive });
  const ticket = await nextTicketNumber(tx, tenant.id, tenant.timezone, meta.now);
  const order = await insertOrder(
    tx,
    {
      tenant_id: tenant.id,
      id: input.id,
      ticket_number: ticket,
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
    meta.now,
  );
  // A concurrent request with the same id won the insert: this one is a replay of it.
  if (!order) return replay();
  const lineHashes = await Promise.all(input.lines.map((l) => requestHash(l)));
  let lineRows: LineRow[];
  try {
    lineRows = await insertLines(
      tx,
      tenant.id,
      input.id,
      lines.map((l, i) => ({
        ...l,
        request_hash: lineHashes[i]!,
        tax: totals.lines[i]!.tax,
        discount: totals.lines[i]!.discount,
      })),
      meta.now,
      0,
    );
  } catch (e) {
    // Line ids are unique per tenant: one used by another order is the client's conflict.
    if ((e as { code?: string }).code === '23505') {
      throw conflict('A line id is already used by another order.', 'line-id-taken');
    }
    throw e;
  }
  // Kitchen tickets commit with the lines: a crash after commit still prints them.
  await ticketNewLines(tx, tenant, input.id, meta.now);
  if (input.catalog_version !== undefined) {
    await auditOldVersion(tx, tenant.id, input.id, input.catalog_version, meta);
  }
  const full: OrderWithLines = { ...order, lines: lineRows, refunded_total: 0 };
  const event = await appendEvent(tx, tenant.id, 'order.created', { order: orderView(full) });
  return {
    created: true,
    order: full,
    events: [event, ...(await tableEventsFor(tx, tenant.id, [event]))],
  };
}
