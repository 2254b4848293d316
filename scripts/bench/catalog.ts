import { gzipSync } from 'node:zlib';
import { bumpVersion } from '../../worker/src/catalog/store';
import { testApp } from '../../worker/src/test/app';
import { apiClient, newTenant } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';

const PRODUCTS = 10_000;
const words = [
  'Flat White',
  'Oat',
  'Latte',
  'Espresso',
  'Cheesecake',
  'Sourdough',
  'Ham',
  'Cheese',
  'Vegan',
  'Lemonade',
  'Mint',
  'Chai',
  'Muffin',
  'Blueberry',
  'Brownie',
  'Salad',
  'Wrap',
  'Toast',
  'Avocado',
  'Granola',
  'Berry',
  'Smoothie',
  'Iced',
  'Matcha',
  'Hazelnut',
  'Caramel',
  'Cinnamon',
  'Roll',
];

/** A deterministic pseudo-random sequence, so runs compare. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * 10,000 products in a fresh database; the bytes of a full sync as the server sends it (brotli or
 * gzip, pre-compressed per version) against gzip -6 of the same JSON, then a 1 % delta.
 */
export async function run() {
  const db = await createTestDb();
  try {
    const { app } = testApp(db.sql);
    const api = apiClient(async (p, i) => app.request(p, i));
    const t = await newTenant(api);
    const post = async (path: string, body: unknown) => {
      const res = await api.json('POST', `/api/v1${path}`, body, t.token);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const rate = await post('/tax-rates', { name: 'Standard', rate_bp: 1900 });
    const reduced = await post('/tax-rates', { name: 'Reduced', rate_bp: 700 });
    const categories: { id: string }[] = [];
    for (let i = 0; i < 12; i++)
      categories.push(await post('/categories', { name: `Category ${i}`, position: i }));
    const groups: { id: string }[] = [];
    for (const name of ['Size', 'Milk', 'Extras']) {
      groups.push(
        await post('/modifier-groups', {
          name,
          min: 0,
          max: 2,
          modifiers: [
            { name: `${name} A`, price_delta: 0 },
            { name: `${name} B`, price_delta: 40 },
            { name: `${name} C`, price_delta: 60 },
          ],
        }),
      );
    }

    // Bulk load: the API would take minutes for 10,000 creates and measures nothing of interest here.
    const rand = rng(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const started = Date.now();
    await db.sql.begin(async (tx) => {
      const version = await bumpVersion(tx, t.tenant.id);
      for (let start = 0; start < PRODUCTS; start += 1000) {
        const rows = Array.from({ length: 1000 }, (_, k) => {
          const i = start + k;
          return {
            tenant_id: t.tenant.id,
            category_id: pick(categories).id,
            name: `${pick(words)} ${pick(words)} ${i}`,
            description: rand() < 0.4 ? `${pick(words)}, ${pick(words)} and ${pick(words)}` : null,
            price: 100 + Math.floor(rand() * 1500),
            tax_rate_id: rate.id,
            takeaway_tax_rate_id: rand() < 0.5 ? reduced.id : null,
            sku: `SKU-${String(i).padStart(6, '0')}`,
            barcode: rand() < 0.3 ? String(4_000_000_000_000 + Math.floor(rand() * 1e11)) : null,
            available: rand() > 0.05,
            position: i % 50,
            version,
          };
        });
        const ids = await tx<{ id: string }[]>`insert into products ${tx(rows)} returning id`;
        const links = ids.flatMap(({ id }) =>
          rand() < 0.5
            ? []
            : groups
                .filter(() => rand() < 0.5)
                .map((g, position) => ({
                  tenant_id: t.tenant.id,
                  product_id: id,
                  group_id: g.id,
                  position,
                })),
        );
        if (links.length) await tx`insert into product_modifier_groups ${tx(links)}`;
      }
    });
    const loaded = Date.now() - started;

    const get = (path: string, encoding?: string) =>
      api.json(
        'GET',
        `/api/v1${path}`,
        undefined,
        t.token,
        encoding ? { 'accept-encoding': encoding } : {},
      );
    const measure = async (path: string, encoding: string) => {
      const t0 = performance.now();
      const res = await get(path, encoding);
      const bytes = (await res.arrayBuffer()).byteLength;
      return {
        bytes,
        encoding: res.headers.get('content-encoding') ?? 'identity',
        ms: performance.now() - t0,
      };
    };

    const raw = await (await get('/catalog')).text();
    const rawBytes = Buffer.byteLength(raw);
    const gzip6 = gzipSync(raw, { level: 6 }).byteLength;
    const brFirst = await measure('/catalog', 'gzip, deflate, br');
    const brCached = await measure('/catalog', 'gzip, deflate, br');
    const gzFirst = await measure('/catalog', 'gzip');
    const version = JSON.parse(raw).version as number;

    // 1 % of the products change price, one PATCH each (as an owner editing prices would).
    const { data } = (await (await get('/products?limit=500')).json()) as {
      data: { id: string; price: number }[];
    };
    const sample = data.slice(0, PRODUCTS / 100 / 2);
    const more = (await (
      await get(`/products?limit=500&category_id=${categories[3]!.id}`)
    ).json()) as {
      data: { id: string; price: number }[];
    };
    const changed = [
      ...sample,
      ...more.data.filter((p) => !sample.some((s) => s.id === p.id)),
    ].slice(0, PRODUCTS / 100);
    for (const p of changed) {
      const res = await api.json(
        'PATCH',
        `/api/v1/products/${p.id}`,
        { price: p.price + 10 },
        t.token,
      );
      if (res.status !== 200) throw new Error(`PATCH ${res.status}`);
    }
    const deltaRaw = Buffer.byteLength(await (await get(`/catalog?since=${version}`)).text());
    const delta = await measure(`/catalog?since=${version}`, 'gzip, deflate, br');

    const ratio = brFirst.bytes / gzip6;
    console.log(
      `catalog sync, ${PRODUCTS.toLocaleString('en')} products (${db.kind}; loaded in ${loaded} ms)`,
    );
    console.log(`  raw JSON                       ${kib(rawBytes)}`);
    console.log(`  gzip -6 of the raw JSON        ${kib(gzip6)}   (reference)`);
    console.log(
      `  full sync on the wire          ${kib(brFirst.bytes)}   ${brFirst.encoding}, ${ratio.toFixed(3)}× gzip-6 ` +
        `(target ≤ 1.05×: ${ratio <= 1.05 ? 'met' : 'MISSED'}); first ${brFirst.ms.toFixed(0)} ms, cached ${brCached.ms.toFixed(0)} ms`,
    );
    console.log(
      `  full sync, gzip-only client    ${kib(gzFirst.bytes)}   ${gzFirst.encoding}, ${(gzFirst.bytes / gzip6).toFixed(3)}× gzip-6`,
    );
    console.log(
      `  1 % delta (${changed.length} products)       ${kib(delta.bytes)} on the wire (${delta.encoding}), ${kib(deltaRaw)} raw`,
    );
    return {
      name: 'catalog',
      rows: [
        {
          metric: `full sync of ${PRODUCTS} products, bytes on the wire (${brFirst.encoding})`,
          value: brFirst.bytes,
          baseline: gzip6,
          ratio,
          target: '≤ 1.05× gzip-6 of the raw JSON',
        },
        {
          metric: `1 % delta (${changed.length} products), bytes on the wire`,
          value: delta.bytes,
          baseline: brFirst.bytes,
          ratio: delta.bytes / brFirst.bytes,
          target: 'a small fraction of a full sync',
        },
      ],
    };
  } finally {
    await db.drop();
  }
}
