import { testApp } from '../../worker/src/test/app';
import { apiClient, newTenant, staff } from '../../worker/src/test/client';
import { createTestDb } from '../../worker/src/test/db';
import { buildMenu } from '../../worker/src/test/menu';

const ORDERS = 100_000;
const GROUPS = ['day', 'hour', 'category', 'product', 'method', 'staff'] as const;
const RUNS = 3;
const YEAR_START = new Date('2025-01-01T00:00:00Z');
const YEAR_END = new Date('2026-01-01T00:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * 100,000 paid orders (1–4 lines each, split cash/card, 1 % refunded) for one tenant over a year,
 * inserted with generate_series; then GET /reports/sales over the whole year for each group_by
 * (median of 3 after a warm-up), against the baseline of a bare scan summing the same orders.
 */
export async function run() {
  const db = await createTestDb();
  try {
    const { app } = testApp(db.sql);
    const api = apiClient(async (p, i) => app.request(p, i));
    const t = await newTenant(api, { timezone: 'Europe/Berlin' });
    const menu = await buildMenu(api, t.token);
    const post = async (path: string, body: unknown) => {
      const res = await api.json('POST', `/api/v1${path}`, body, t.token);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const cats = [
      await post('/categories', { name: 'Drinks' }),
      await post('/categories', { name: 'Food' }),
    ];
    for (let i = 0; i < 12; i++) {
      await post('/products', {
        name: `Item ${i}`,
        price: 150 + i * 35,
        tax_rate_id: i % 2 ? menu.standard.id : menu.reduced.id,
        category_id: cats[i % 2]!.id,
      });
    }
    const waiters = [t.user.id];
    for (let i = 0; i < 3; i++) waiters.push((await staff(api, t.token, 'waiter')).id);

    const sql = db.sql;
    const tenantId = t.tenant.id;
    const started = performance.now();
    await sql.begin(async (tx) => {
      await tx`
        create temp table bench_orders on commit drop as
        select g, gen_random_uuid() as id,
               ${YEAR_START}::timestamptz + (g::float8 / ${ORDERS}) * interval '365 days'
                 + ((g * 7919) % 600) * interval '1 second' as at,
               (${waiters}::uuid[])[1 + g % ${waiters.length}] as created_by
        from generate_series(1, ${ORDERS}) g`;
      await tx`
        create temp table bench_products on commit drop as
        select row_number() over (order by p.id) - 1 as n, p.id, p.price, r.rate_bp
        from products p join tax_rates r on r.tenant_id = p.tenant_id and r.id = p.tax_rate_id
        where p.tenant_id = ${tenantId}`;
      await tx`
        insert into orders (tenant_id, id, ticket_number, type, source, status, request_hash,
                            created_by, created_at, updated_at, paid_at, closed_at, receipt_number)
        select ${tenantId}, id, 1 + g % 500, case when g % 3 = 0 then 'takeaway' else 'dine_in' end,
               'pos', 'closed', 'bench', created_by, at, at, at + interval '10 minutes',
               at + interval '20 minutes', g
        from bench_orders`;
      await tx`
        insert into order_lines (tenant_id, id, order_id, position, product_id, name, quantity,
                                 unit_price, tax_rate_bp, line_total, tax, request_hash, created_at)
        select ${tenantId}, gen_random_uuid(), o.id, k - 1, p.id, 'Item', q, p.price, p.rate_bp,
               p.price * q, (2 * p.price * q * p.rate_bp + 10000) / 20000, 'bench', o.at
        from bench_orders o
        cross join lateral generate_series(1, 1 + o.g % 4) k
        cross join lateral (select 1 + (o.g * k) % 3 as q) qq
        join bench_products p on p.n = (o.g + k * 5) % (select count(*) from bench_products)`;
      await tx`
        update orders o set subtotal = s.sub, tax_total = s.tax, total = s.sub + s.tax,
                            paid_total = s.sub + s.tax
        from (select order_id, sum(line_total) as sub, sum(tax) as tax from order_lines
              where tenant_id = ${tenantId} group by order_id) s
        where o.tenant_id = ${tenantId} and o.id = s.order_id`;
      // Every fifth order is split: half by card first, the rest in cash.
      await tx`
        insert into payments (tenant_id, id, order_id, method, status, amount, request_hash,
                              created_at, settled_at)
        select ${tenantId}, gen_random_uuid(), o.id, m.method, 'succeeded', m.amount, 'bench',
               o.paid_at - m.lag, o.paid_at - m.lag
        from orders o join bench_orders b on b.id = o.id
        cross join lateral (
          select 'card' as method, o.total / 2 as amount, interval '1 minute' as lag where b.g % 5 = 0
          union all
          select case when b.g % 2 = 0 then 'card' else 'cash' end,
                 case when b.g % 5 = 0 then o.total - o.total / 2 else o.total end, interval '0'
        ) m
        where o.tenant_id = ${tenantId}`;
      await tx`
        insert into refunds (tenant_id, id, order_id, payment_id, amount, reason, method,
                             request_hash, created_at)
        select p.tenant_id, gen_random_uuid(), p.order_id, p.id, least(p.amount, 100), 'bench',
               p.method, 'bench', p.settled_at + interval '1 hour'
        from payments p join bench_orders b on b.id = p.order_id
        where p.tenant_id = ${tenantId} and b.g % 100 = 0`;
    });
    await sql`analyze`;
    const [count] = await sql<{ orders: number; lines: number; payments: number }[]>`
      select (select count(*) from orders)::int as orders, (select count(*) from order_lines)::int as lines,
             (select count(*) from payments)::int as payments`;
    console.log(
      `seeded ${count!.orders} orders, ${count!.lines} lines, ${count!.payments} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fn();
        xs.push(performance.now() - t0);
      }
      return median(xs);
    };
    const baseline = await time(
      () => sql`
        select count(*), sum(total), sum(tax_total) from orders
        where tenant_id = ${tenantId} and paid_at >= ${YEAR_START} and paid_at < ${YEAR_END}`,
    );
    const rows = [];
    console.log('| group_by | rows | ms (median of 3) |\n|---|---:|---:|');
    for (const g of GROUPS) {
      let n = 0;
      const ms = await time(async () => {
        const res = await api.json(
          'GET',
          `/api/v1/reports/sales?from=${YEAR_START.toISOString()}&to=${YEAR_END.toISOString()}&group_by=${g}`,
          undefined,
          t.token,
        );
        if (res.status !== 200) throw new Error(`${g}: ${res.status} ${await res.text()}`);
        n = ((await res.json()) as { data: unknown[] }).data.length;
      });
      console.log(`| ${g} | ${n} | ${ms.toFixed(0)} |`);
      rows.push({
        metric: `GET /reports/sales group_by=${g} (100k orders, ms)`,
        value: ms,
        baseline,
        ratio: ms / baseline,
        target: '< 1000 ms',
      });
    }
    console.log(`baseline (bare scan summing the year's orders): ${baseline.toFixed(0)} ms`);
    return { name: 'reports', rows };
  } finally {
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}
