import { type Context, Hono } from 'hono';
import { requireAuth, requireRole } from '../auth/middleware';
import { audit } from '../common/audit';
import type { AppEnv } from '../common/env';
import { conflict, type FieldError, notFound, unknownRefs, unprocessable } from '../common/errors';
import { pathId } from '../common/ids';
import { decodeCursor, listQuery, page } from '../common/pagination';
import { validate } from '../common/validate';
import type { Db } from '../db/client';
import type { Platform } from '../platform';
import { removeImage, uploadImage } from './images';
import { exportMenu, importMenu, validateImportQuery } from './menu-routes';
import { planModifiers } from './modifiers';
import type { Compressor, ContentEncoding } from './ports';
import {
  type CatalogCursor,
  catalogCursor,
  catalogQuery,
  createCategory,
  createModifierGroup,
  createProduct,
  createTaxRate,
  patchCategory,
  patchModifierGroup,
  patchProduct,
  patchTaxRate,
  productListQuery,
} from './schemas';
import {
  archiveModifiers,
  archiveProduct,
  catalogHead,
  codeTaken,
  deleteCategory,
  deleteModifierGroup,
  deleteTaxRate,
  getCategory,
  getModifierGroup,
  getProduct,
  getTaxRate,
  insertCategory,
  insertModifierGroup,
  insertModifiers,
  insertProduct,
  insertTaxRate,
  listCategories,
  listModifierGroups,
  listProducts,
  listTaxRates,
  loadCatalog,
  missingIds,
  type ProductFields,
  restoreProduct,
  setProductGroups,
  updateCategory,
  updateModifier,
  updateModifierGroup,
  updateProduct,
  updateTaxRate,
} from './store';
import { catalogEtag, etagMatches, MIN_COMPRESS_BYTES, negotiateEncoding, planSync } from './sync';
import { catalogView, categoryView, modifierGroupView, productView, taxRateView } from './views';
import { bodyKey, catalogHeaders, warmCatalog } from './warm';
import { catalogWrite } from './write';

/** Owner and manager write the catalog; every role reads it (docs/api.md, Basics: roles). */
const writers = requireRole('owner', 'manager');
const keyOf = (r: { position: number; name: string; id: string }) => ({
  position: r.position,
  name: r.name,
  id: r.id,
});
const cursorOf = (c: string | undefined): CatalogCursor | undefined =>
  decodeCursor(c, catalogCursor);
const tenantOf = (c: Context<AppEnv>) => c.get('principal').tenantId;
const publicUrl = (c: Context<AppEnv>) => c.get('platform').config.PUBLIC_URL;

const inUse = (what: string) =>
  conflict(`The ${what} is still in use; move or remove what uses it first.`, 'in-use');

// ─── categories ────────────────────────────────────────────────────────────────────────────────

export const categories = new Hono<AppEnv>();
categories.use(requireAuth);

categories.get('/', validate('query', listQuery), async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const rows = await listCategories(c.get('sql'), tenantOf(c), limit + 1, cursorOf(cursor));
  const p = page(rows, limit, keyOf);
  return c.json({ data: p.data.map(categoryView), next_cursor: p.next_cursor });
});

categories.get('/:id', async (c) => {
  const row = await getCategory(c.get('sql'), tenantOf(c), pathId(c.req.param('id'), 'Category'));
  if (!row) throw notFound('Category');
  return c.json(categoryView(row));
});

categories.post('/', writers, validate('json', createCategory), async (c) => {
  const body = c.req.valid('json');
  const row = await catalogWrite(c, async (tx, version) => {
    const r = await insertCategory(tx, tenantOf(c), version, {
      name: body.name,
      position: body.position ?? 0,
      default_course: body.default_course,
    });
    return { result: r, changes: [{ type: 'category', id: r.id, op: 'upsert' }] };
  });
  return c.json(categoryView(row), 201);
});

categories.patch('/:id', writers, validate('json', patchCategory), async (c) => {
  const id = pathId(c.req.param('id'), 'Category');
  const row = await catalogWrite(c, async (tx, version) => {
    const r = await updateCategory(tx, tenantOf(c), id, version, c.req.valid('json'));
    if (!r) throw notFound('Category');
    return { result: r, changes: [{ type: 'category', id, op: 'upsert' }] };
  });
  return c.json(categoryView(row));
});

categories.delete('/:id', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Category');
  await catalogWrite(c, async (tx, version) => {
    const outcome = await deleteCategory(tx, tenantOf(c), id, version);
    if (outcome === 'missing') throw notFound('Category');
    if (outcome === 'in-use') throw inUse('category');
    return { result: null, changes: [{ type: 'category', id, op: 'delete' }] };
  });
  return c.body(null, 204);
});

// ─── tax rates ─────────────────────────────────────────────────────────────────────────────────

export const taxRates = new Hono<AppEnv>();
taxRates.use(requireAuth);

taxRates.get('/', validate('query', listQuery), async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const rows = await listTaxRates(c.get('sql'), tenantOf(c), limit + 1, cursorOf(cursor));
  const p = page(rows, limit, keyOf);
  return c.json({ data: p.data.map(taxRateView), next_cursor: p.next_cursor });
});

taxRates.get('/:id', async (c) => {
  const row = await getTaxRate(c.get('sql'), tenantOf(c), pathId(c.req.param('id'), 'Tax rate'));
  if (!row) throw notFound('Tax rate');
  return c.json(taxRateView(row));
});

taxRates.post('/', writers, validate('json', createTaxRate), async (c) => {
  const body = c.req.valid('json');
  const row = await catalogWrite(c, async (tx, version) => {
    const r = await insertTaxRate(tx, tenantOf(c), version, {
      name: body.name,
      rate_bp: body.rate_bp,
      position: body.position ?? 0,
    });
    return { result: r, changes: [{ type: 'tax_rate', id: r.id, op: 'upsert' }] };
  });
  return c.json(taxRateView(row), 201);
});

taxRates.patch('/:id', writers, validate('json', patchTaxRate), async (c) => {
  const id = pathId(c.req.param('id'), 'Tax rate');
  const body = c.req.valid('json');
  const me = c.get('principal');
  const row = await catalogWrite(c, async (tx, version) => {
    const before = await getTaxRate(tx, me.tenantId, id);
    if (!before) throw notFound('Tax rate');
    const r = (await updateTaxRate(tx, me.tenantId, id, version, body))!;
    if (body.rate_bp !== undefined && body.rate_bp !== before.rate_bp) {
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'tax_rate.rate_changed',
        objectType: 'tax_rate',
        objectId: id,
        detail: { from: before.rate_bp, to: body.rate_bp },
      });
    }
    return { result: r, changes: [{ type: 'tax_rate', id, op: 'upsert' }] };
  });
  return c.json(taxRateView(row));
});

taxRates.delete('/:id', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Tax rate');
  await catalogWrite(c, async (tx, version) => {
    const outcome = await deleteTaxRate(tx, tenantOf(c), id, version);
    if (outcome === 'missing') throw notFound('Tax rate');
    if (outcome === 'in-use') throw inUse('tax rate');
    return { result: null, changes: [{ type: 'tax_rate', id, op: 'delete' }] };
  });
  return c.body(null, 204);
});

// ─── products ──────────────────────────────────────────────────────────────────────────────────

/** Every id in a product body must name an object of this tenant: else 422, foreign or unknown. */
async function checkProductRefs(
  tx: Db,
  tenantId: string,
  body: {
    category_id?: string | null;
    tax_rate_id?: string;
    takeaway_tax_rate_id?: string | null;
    modifier_group_ids?: string[];
  },
) {
  const errors: FieldError[] = [];
  const unknown = { path: '', message: 'names no object of this tenant' };
  if (body.category_id) {
    if ((await missingIds(tx, tenantId, 'categories', [body.category_id])).length) {
      errors.push({ ...unknown, path: 'category_id' });
    }
  }
  const rates = [body.tax_rate_id, body.takeaway_tax_rate_id].filter((v): v is string => !!v);
  const missingRates = new Set(await missingIds(tx, tenantId, 'tax_rates', rates));
  if (body.tax_rate_id && missingRates.has(body.tax_rate_id)) {
    errors.push({ ...unknown, path: 'tax_rate_id' });
  }
  if (body.takeaway_tax_rate_id && missingRates.has(body.takeaway_tax_rate_id)) {
    errors.push({ ...unknown, path: 'takeaway_tax_rate_id' });
  }
  const groups = body.modifier_group_ids ?? [];
  const missingGroups = new Set(await missingIds(tx, tenantId, 'modifier_groups', groups));
  groups.forEach((g, i) => {
    if (missingGroups.has(g)) errors.push({ ...unknown, path: `modifier_group_ids.${i}` });
  });
  if (errors.length) throw unknownRefs(errors);
}

const codeConflict = (which: 'sku-taken' | 'barcode-taken') =>
  conflict(
    which === 'sku-taken'
      ? 'Another product already has that sku.'
      : 'Another product already has that barcode.',
    which,
  );

export const products = new Hono<AppEnv>();
products.use(requireAuth);

products.get('/', validate('query', productListQuery), async (c) => {
  const { limit, cursor, barcode, category_id, archived } = c.req.valid('query');
  const rows = await listProducts(
    c.get('sql'),
    tenantOf(c),
    limit + 1,
    { barcode, categoryId: category_id, archived: archived === 'true' },
    cursorOf(cursor),
  );
  const p = page(rows, limit, keyOf);
  return c.json({
    data: p.data.map((r) => productView(r, publicUrl(c))),
    next_cursor: p.next_cursor,
  });
});

products.get('/:id', async (c) => {
  const row = await getProduct(c.get('sql'), tenantOf(c), pathId(c.req.param('id'), 'Product'));
  if (!row) throw notFound('Product');
  return c.json(productView(row, publicUrl(c)));
});

products.post('/', writers, validate('json', createProduct), async (c) => {
  const body = c.req.valid('json');
  const tenantId = tenantOf(c);
  const id = await catalogWrite(c, async (tx, version) => {
    await checkProductRefs(tx, tenantId, body);
    const fields: ProductFields = {
      category_id: body.category_id ?? null,
      name: body.name,
      description: body.description ?? null,
      price: body.price,
      tax_rate_id: body.tax_rate_id,
      takeaway_tax_rate_id: body.takeaway_tax_rate_id ?? null,
      sku: body.sku ?? null,
      barcode: body.barcode ?? null,
      available: body.available ?? true,
      position: body.position ?? 0,
      allergens: body.allergens ?? [],
      labels: body.labels ?? [],
    };
    const r = await insertProduct(tx, tenantId, version, fields);
    if (r === 'sku-taken' || r === 'barcode-taken') throw codeConflict(r);
    await setProductGroups(tx, tenantId, r, body.modifier_group_ids ?? []);
    return { result: r, changes: [{ type: 'product', id: r, op: 'upsert' }] };
  });
  const row = await getProduct(c.get('sql'), tenantId, id);
  return c.json(productView(row!, publicUrl(c)), 201);
});

products.patch('/:id', writers, validate('json', patchProduct), async (c) => {
  const id = pathId(c.req.param('id'), 'Product');
  const { modifier_group_ids, ...fields } = c.req.valid('json');
  const me = c.get('principal');
  await catalogWrite(c, async (tx, version) => {
    const before = await getProduct(tx, me.tenantId, id);
    if (!before) throw notFound('Product');
    if (before.archived_at) throw conflict('The product is archived.', 'archived');
    await checkProductRefs(tx, me.tenantId, { ...fields, modifier_group_ids });
    const taken = await codeTaken(tx, me.tenantId, fields.sku, fields.barcode, id);
    if (taken) throw codeConflict(taken);
    await updateProduct(tx, me.tenantId, id, version, fields);
    if (modifier_group_ids) await setProductGroups(tx, me.tenantId, id, modifier_group_ids);
    if (fields.price !== undefined && fields.price !== before.price) {
      await audit(tx, {
        tenantId: me.tenantId,
        actorId: me.userId,
        action: 'product.price_changed',
        objectType: 'product',
        objectId: id,
        detail: { from: before.price, to: fields.price },
      });
    }
    return { result: null, changes: [{ type: 'product', id, op: 'upsert' }] };
  });
  const row = await getProduct(c.get('sql'), me.tenantId, id);
  return c.json(productView(row!, publicUrl(c)));
});

/**
 * Always archives: orders (a later domain) keep pointing at their products, so a product is never
 * hard-deleted. It leaves /catalog (a tombstone in deltas) and stays readable here with
 * `archived_at`. Deleting an archived product again is a no-op 204.
 */
products.delete('/:id', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Product');
  const tenantId = tenantOf(c);
  const current = await getProduct(c.get('sql'), tenantId, id);
  if (!current) throw notFound('Product');
  if (current.archived_at) return c.body(null, 204);
  await catalogWrite(c, async (tx, version) => {
    await archiveProduct(tx, tenantId, id, version);
    return { result: null, changes: [{ type: 'product', id, op: 'delete' }] };
  });
  return c.body(null, 204);
});

/** Undoes an archive (DELETE): 409 when its sku or barcode went to another product meanwhile. */
products.post('/:id/restore', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Product');
  const tenantId = tenantOf(c);
  await catalogWrite(c, async (tx, version) => {
    const outcome = await restoreProduct(tx, tenantId, id, version);
    if (outcome === 'missing') throw notFound('Product');
    if (outcome !== 'restored') throw codeConflict(outcome);
    return { result: null, changes: [{ type: 'product', id, op: 'upsert' }] };
  });
  const row = await getProduct(c.get('sql'), tenantId, id);
  return c.json(productView(row!, publicUrl(c)));
});

products.put('/:id/image', writers, uploadImage);
products.delete('/:id/image', writers, removeImage);

// ─── modifier groups ───────────────────────────────────────────────────────────────────────────

export const modifierGroups = new Hono<AppEnv>();
modifierGroups.use(requireAuth);

const tooFewModifiers = () =>
  unprocessable('A group cannot require more choices (min) than it has modifiers.', [
    { path: 'min', message: 'exceeds the number of modifiers' },
  ]);

modifierGroups.get('/', validate('query', listQuery), async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const rows = await listModifierGroups(c.get('sql'), tenantOf(c), limit + 1, cursorOf(cursor));
  const p = page(rows, limit, keyOf);
  return c.json({ data: p.data.map(modifierGroupView), next_cursor: p.next_cursor });
});

modifierGroups.get('/:id', async (c) => {
  const id = pathId(c.req.param('id'), 'Modifier group');
  const row = await getModifierGroup(c.get('sql'), tenantOf(c), id);
  if (!row) throw notFound('Modifier group');
  return c.json(modifierGroupView(row));
});

modifierGroups.post('/', writers, validate('json', createModifierGroup), async (c) => {
  const body = c.req.valid('json');
  const tenantId = tenantOf(c);
  const group = {
    name: body.name,
    min: body.min ?? 0,
    max: body.max ?? 1,
    position: body.position ?? 0,
  };
  if (body.modifiers.some((m) => m.id !== undefined)) {
    throw unknownRefs(
      body.modifiers.flatMap((m, i) =>
        m.id ? [{ path: `modifiers.${i}.id`, message: 'names no modifier of this group' }] : [],
      ),
    );
  }
  if (group.min > body.modifiers.length) throw tooFewModifiers();
  const id = await catalogWrite(c, async (tx, version) => {
    const gid = await insertModifierGroup(tx, tenantId, version, group);
    await insertModifiers(
      tx,
      tenantId,
      gid,
      body.modifiers.map((m, position) => ({
        name: m.name,
        price_delta: m.price_delta,
        available: m.available,
        position,
      })),
    );
    return { result: gid, changes: [{ type: 'modifier_group', id: gid, op: 'upsert' }] };
  });
  const row = await getModifierGroup(c.get('sql'), tenantId, id);
  return c.json(modifierGroupView(row!), 201);
});

modifierGroups.patch('/:id', writers, validate('json', patchModifierGroup), async (c) => {
  const id = pathId(c.req.param('id'), 'Modifier group');
  const { modifiers, ...fields } = c.req.valid('json');
  const me = c.get('principal');
  await catalogWrite(c, async (tx, version) => {
    const before = await getModifierGroup(tx, me.tenantId, id);
    if (!before) throw notFound('Modifier group');
    const min = fields.min ?? before.min;
    const max = fields.max ?? before.max;
    if (min > max) {
      throw unprocessable('min must not exceed max.', [
        { path: fields.min !== undefined ? 'min' : 'max', message: 'min must not exceed max' },
      ]);
    }
    if (min > (modifiers ?? before.modifiers).length) throw tooFewModifiers();
    await updateModifierGroup(tx, me.tenantId, id, version, fields);
    if (modifiers) {
      const plan = planModifiers(before.modifiers, modifiers);
      if (!plan.ok) {
        throw unknownRefs(
          plan.unknown.map((u) => ({
            path: `modifiers.${u.index}.id`,
            message: 'names no modifier of this group',
          })),
        );
      }
      await archiveModifiers(tx, me.tenantId, id, plan.archive);
      for (const m of plan.update) await updateModifier(tx, me.tenantId, id, m);
      await insertModifiers(tx, me.tenantId, id, plan.insert);
      for (const r of plan.repriced) {
        await audit(tx, {
          tenantId: me.tenantId,
          actorId: me.userId,
          action: 'modifier.price_changed',
          objectType: 'modifier',
          objectId: r.id,
          detail: { group_id: id, from: r.from, to: r.to },
        });
      }
    }
    return { result: null, changes: [{ type: 'modifier_group', id, op: 'upsert' }] };
  });
  const row = await getModifierGroup(c.get('sql'), me.tenantId, id);
  return c.json(modifierGroupView(row!));
});

modifierGroups.delete('/:id', writers, async (c) => {
  const id = pathId(c.req.param('id'), 'Modifier group');
  await catalogWrite(c, async (tx, version) => {
    const outcome = await deleteModifierGroup(tx, tenantOf(c), id, version);
    if (outcome === 'missing') throw notFound('Modifier group');
    if (outcome === 'in-use') throw inUse('modifier group');
    return { result: null, changes: [{ type: 'modifier_group', id, op: 'delete' }] };
  });
  return c.body(null, 204);
});

// ─── GET /catalog ──────────────────────────────────────────────────────────────────────────────

const encoder = new TextEncoder();

/** gzip through the web CompressionStream: the fallback when the runtime offers no compressor. */
export async function gzipWeb(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const webGzip: Compressor = { encodings: ['gzip'], compress: (bytes) => gzipWeb(bytes) };

/**
 * workerd encodes response bodies itself: given `Content-Encoding: br|gzip` and identity bytes it
 * compresses on the way out (a pre-compressed body would be compressed twice unless the Response
 * were built with `encodeBody: 'manual'`, which Hono does not expose). So there the catalog is
 * cached as JSON and the runtime does the compressing.
 */
const runtimeEncodes: Compressor = { encodings: ['br', 'gzip'], compress: async (bytes) => bytes };

export function compressorFor(platform: Pick<Platform, 'compressor' | 'runtime'>): Compressor {
  if (platform.compressor) return platform.compressor;
  return platform.runtime === 'workerd' ? runtimeEncodes : webGzip;
}

export const compressorOf = (c: Context<AppEnv>): Compressor => compressorFor(c.get('platform'));

async function encode(
  c: Context<AppEnv>,
  json: Uint8Array,
  encoding: ContentEncoding | null,
): Promise<Uint8Array> {
  if (!encoding) return json;
  return compressorOf(c).compress(json, encoding);
}

export const catalog = new Hono<AppEnv>();
catalog.use(requireAuth);

catalog.get('/export', writers, exportMenu);
catalog.post('/import', writers, validateImportQuery, importMenu);

catalog.get('/', validate('query', catalogQuery), async (c) => {
  const tenantId = tenantOf(c);
  const sql = c.get('sql');
  const cache = c.get('platform').catalog;
  const { since } = c.req.valid('query');
  const compressor = compressorOf(c);
  const request = {
    ifNoneMatch: c.req.header('if-none-match'),
    acceptEncoding: c.req.header('accept-encoding'),
  };
  // A full sync takes the head from memory; a delta reads it afresh, since its change-log floor
  // moves without a catalog.changed (housekeeping) and the delta reads the database anyway.
  const head =
    since === undefined
      ? await cache.head(tenantId, () => catalogHead(sql, tenantId))
      : await catalogHead(sql, tenantId);
  if (!head) throw notFound('Tenant');
  if (since === undefined) {
    const warm = warmCatalog(cache, tenantId, head, request, compressor.encodings, publicUrl(c));
    if (warm?.status === 304) return c.body(null, 304, warm.headers);
    if (warm) return c.body(warm.body as Uint8Array<ArrayBuffer>, 200, warm.headers);
  }
  const plan = planSync(since, head.version, head.floor);
  const etag = catalogEtag(head.version, head.currency, head.tax_inclusive);
  if (plan.kind === 'full' && !plan.fallback && etagMatches(request.ifNoneMatch, etag)) {
    return c.body(null, 304, catalogHeaders(etag));
  }
  let encoding = negotiateEncoding(request.acceptEncoding, compressor.encodings);
  let body: Uint8Array;
  let headers: Record<string, string>;
  if (plan.kind === 'full') {
    // One snapshot, so the rows match the version they are labelled with (the head read in it may
    // be newer than the one above: the answer is labelled with its own).
    const { json, h } = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const h = (await catalogHead(tx, tenantId))!;
      const rows = await loadCatalog(tx, tenantId);
      const view = catalogView(h, rows, publicUrl(c), { full: true, deleted: [] });
      return { json: encoder.encode(JSON.stringify(view)), h };
    });
    const own = catalogEtag(h.version, h.currency, h.tax_inclusive);
    const key = bodyKey(tenantId, own, encoding, publicUrl(c));
    body = cache.bodies.get(key) ?? (await encode(c, json, encoding));
    cache.bodies.set(key, body);
    headers = catalogHeaders(own);
  } else {
    const rows = await loadCatalog(sql, tenantId, plan.since);
    const json = encoder.encode(
      JSON.stringify(catalogView(head, rows, publicUrl(c), { full: false, deleted: rows.deleted })),
    );
    if (json.byteLength < MIN_COMPRESS_BYTES) encoding = null;
    body = await encode(c, json, encoding);
    headers = catalogHeaders();
  }
  if (encoding) headers['Content-Encoding'] = encoding;
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
});
