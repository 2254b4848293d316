import type { Context } from 'hono';
import { z } from 'zod';
import { audit } from '../common/audit';
import type { AppEnv } from '../common/env';
import { AppError, badRequest, conflict, notFound, unsupportedMediaType } from '../common/errors';
import { validate } from '../common/validate';
import { currencyExponent } from '../tenants/currencies';
import { menuCsv, parseMenuCsv, type RowError } from './menu-csv';
import { type ImportPlan, planImport, rateName } from './menu-import';
import {
  catalogHead,
  insertCategory,
  insertProducts,
  insertTaxRate,
  loadExportProducts,
  loadImportState,
  nextPositions,
  setProductGroups,
  updateProduct,
} from './store';
import { type CatalogChange, catalogWrite } from './write';

/** GET /catalog/export and POST /catalog/import: the menu as a spreadsheet (docs/menu-import.md). */

const tenantOf = (c: Context<AppEnv>) => c.get('principal').tenantId;

async function exponentOf(c: Context<AppEnv>): Promise<number> {
  const head = await catalogHead(c.get('sql'), tenantOf(c));
  if (!head) throw notFound('Tenant');
  return currencyExponent(head.currency);
}

export async function exportMenu(c: Context<AppEnv>) {
  const exponent = await exponentOf(c);
  const products = await loadExportProducts(c.get('sql'), tenantOf(c));
  return c.body(menuCsv(products, exponent), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="menu.csv"',
    'Cache-Control': 'no-store',
  });
}

export const importQuery = z
  .object({ dry_run: z.enum(['true', 'false', '1', '0']).optional() })
  .strict();
export const validateImportQuery = validate('query', importQuery);

const isCsv = (type: string | undefined) =>
  /^(text\/csv|application\/csv|text\/comma-separated-values)\s*(;|$)/i.test(type?.trim() ?? '');

const asFieldErrors = (errors: RowError[]) =>
  errors.map((e) => ({
    path: `rows.${e.row}${e.column ? `.${e.column}` : ''}`,
    message: e.message,
  }));

function report(total: number, plan: ImportPlan, errors: RowError[], warnings: string[]) {
  const failed = errors.length > 0;
  return {
    rows: total,
    created: failed ? 0 : plan.creates.length,
    updated: failed ? 0 : plan.updates.length,
    unchanged: failed ? 0 : plan.unchanged,
    categories_created: failed ? [] : plan.newCategories,
    tax_rates_created: failed ? [] : plan.newRates.map(rateName),
    errors: errors.sort((a, b) => a.row - b.row),
    warnings,
  };
}

/** The import refused: every row error in `errors` (problem+json), and nothing written. */
class ImportRefused extends AppError {
  constructor(readonly body: ReturnType<typeof report>) {
    super(
      422,
      'https://comanda.dev/problems/import-invalid',
      'Import refused',
      `${new Set(body.errors.map((e) => e.row)).size} row(s) have errors; nothing was imported.`,
      asFieldErrors(body.errors),
    );
  }
}

export async function importMenu(c: Context<AppEnv>) {
  if (!isCsv(c.req.header('content-type'))) {
    throw unsupportedMediaType('Send the menu as text/csv.');
  }
  const dryRun = ['true', '1'].includes(c.req.query('dry_run') ?? '');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw badRequest('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".');
  }
  const exponent = await exponentOf(c);
  const parsed = parseMenuCsv(text, exponent);
  if (!parsed.ok) {
    throw badRequest(
      parsed.message,
      parsed.errors.length ? asFieldErrors(parsed.errors) : undefined,
    );
  }
  const tenantId = tenantOf(c);

  if (dryRun) {
    const state = await loadImportState(c.get('sql'), tenantId);
    const plan = planImport(parsed.rows, state);
    return c.json({
      dry_run: true,
      ...report(parsed.total, plan, [...parsed.errors, ...plan.errors], parsed.warnings),
    });
  }
  if (parsed.errors.length) {
    const empty: ImportPlan = {
      errors: [],
      newCategories: [],
      newRates: [],
      creates: [],
      updates: [],
      unchanged: 0,
    };
    throw new ImportRefused(report(parsed.total, empty, parsed.errors, parsed.warnings));
  }

  const me = c.get('principal');
  try {
    const result = await catalogWrite(c, async (tx, version) => {
      // Read after bumpVersion's row lock: no other catalog write can change what the plan saw.
      const state = await loadImportState(tx, tenantId);
      const plan = planImport(parsed.rows, state);
      const out = report(parsed.total, plan, plan.errors, parsed.warnings);
      if (plan.errors.length) throw new ImportRefused(out);

      const changes: CatalogChange[] = [];
      const positions = await nextPositions(tx, tenantId);
      const categoryIds = new Map<string, string>();
      for (const [i, name] of plan.newCategories.entries()) {
        const row = await insertCategory(tx, tenantId, version, {
          name,
          position: positions.category + i,
        });
        categoryIds.set(name.trim().toLocaleLowerCase(), row.id);
        changes.push({ type: 'category', id: row.id, op: 'upsert' });
      }
      const rateIds = new Map<number, string>();
      for (const bp of plan.newRates) {
        const row = await insertTaxRate(tx, tenantId, version, {
          name: rateName(bp),
          rate_bp: bp,
          position: 0,
        });
        rateIds.set(bp, row.id);
        changes.push({ type: 'tax_rate', id: row.id, op: 'upsert' });
      }
      const categoryId = (ref: ImportPlan['creates'][number]['category']) =>
        ref === null
          ? null
          : 'id' in ref
            ? ref.id
            : categoryIds.get(ref.create.trim().toLocaleLowerCase())!;
      const rateId = (ref: ImportPlan['creates'][number]['rate']) =>
        'id' in ref ? ref.id : rateIds.get(ref.create)!;

      const creates = plan.creates.map((p, i) => ({
        id: crypto.randomUUID(),
        category_id: categoryId(p.category),
        name: p.name,
        description: p.description,
        price: p.price,
        tax_rate_id: rateId(p.rate),
        takeaway_tax_rate_id: null,
        sku: p.sku,
        barcode: p.barcode,
        available: p.available,
        position: positions.product + i,
        allergens: p.allergens,
        labels: p.labels,
        modifier_group_ids: p.modifier_group_ids,
      }));
      await insertProducts(tx, tenantId, version, creates);
      for (const p of creates) changes.push({ type: 'product', id: p.id, op: 'upsert' });

      for (const u of plan.updates) {
        await updateProduct(tx, tenantId, u.id, version, {
          ...u.fields,
          ...(u.category !== undefined ? { category_id: categoryId(u.category) } : {}),
          ...(u.rate !== undefined ? { tax_rate_id: rateId(u.rate) } : {}),
        });
        if (u.modifier_group_ids) await setProductGroups(tx, tenantId, u.id, u.modifier_group_ids);
        if (u.price_from !== undefined) {
          await audit(tx, {
            tenantId,
            actorId: me.userId,
            action: 'product.price_changed',
            objectType: 'product',
            objectId: u.id,
            detail: { from: u.price_from, to: u.fields.price, via: 'import' },
          });
        }
        changes.push({ type: 'product', id: u.id, op: 'upsert' });
      }
      await audit(tx, {
        tenantId,
        actorId: me.userId,
        action: 'catalog.imported',
        objectType: 'catalog',
        detail: { rows: out.rows, created: out.created, updated: out.updated },
      });
      return { result: out, changes };
    });
    return c.json({ dry_run: false, ...result });
  } catch (e) {
    // A unique index the plan did not foresee: refuse like any conflict, never a 500.
    if ((e as { code?: string }).code === '23505') {
      throw conflict('Another product already has one of these skus or barcodes.', 'code-taken');
    }
    throw e;
  }
}
