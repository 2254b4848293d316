import { catalogHead, loadCatalog } from '../catalog/store';
import { publicMenuView } from '../catalog/views';
import type { Sql } from '../db/client';
import { qrTokenPattern } from './schemas';
import { tableByToken } from './store';

/**
 * What a guest sees at /t/{qr_token}: the tenant, the table and the available menu, no internal
 * fields. One function for the JSON route and the server-rendered page, so they never disagree.
 * null: no table has this token (never issued, rotated or deleted).
 */
export async function publicMenu(sql: Sql, token: string, publicUrl: string) {
  if (!qrTokenPattern.test(token)) return null;
  const table = await tableByToken(sql, token);
  if (!table) return null;
  // One snapshot, so the rows match the version they are labelled with.
  const menu = await sql.begin('isolation level repeatable read read only', async (tx) => {
    const head = (await catalogHead(tx, table.tenant_id))!;
    const rows = await loadCatalog(tx, table.tenant_id);
    return { head, rows };
  });
  return {
    tenant: {
      name: menu.head.name,
      currency: menu.head.currency,
      qr_ordering: menu.head.qr_ordering,
    },
    table: { name: table.name },
    catalog: publicMenuView(menu.head, menu.rows, publicUrl),
  };
}

export type PublicMenu = NonNullable<Awaited<ReturnType<typeof publicMenu>>>;
