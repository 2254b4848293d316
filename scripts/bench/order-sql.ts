import { createSql, type Sql } from '../../worker/src/db/client';
import { testApp } from '../../worker/src/test/app';
import { type Api, apiClient } from '../../worker/src/test/client';

/**
 * The pgbench side of the orders bench is derived from the route, not written by hand: each
 * tenant's POST /orders is sent once through the real app over a postgres.js client that logs
 * every statement, and the log becomes that tenant's pgbench script. Statements the driver wrote
 * in one flush (pipelined: issued before the first answer came back) stay one pipeline
 * (\startpipeline … \endpipeline), so pgbench makes the same round trips. Each parameter becomes a
 * literal cast to the type Postgres resolved for it (asked with describe()), so plans match; the
 * order and line ids become expressions of a per-transaction random `:oid`, as each request
 * brings new ones. What pgbench adds: an md5 and a replace() per id, which is noise.
 */

interface Traced {
  text: string;
  params: unknown[];
  flush: number;
}

/** One POST /orders per tenant, traced; returns one pgbench script per tenant. */
export async function tracedOrderScripts(
  url: string,
  jwtSecret: string,
  tenants: { token: string }[],
  body: (t: number) => { id: string; lines: { id: string }[] } & Record<string, unknown>,
): Promise<string[]> {
  let log: Traced[] | null = null;
  let flush = 0;
  let flushOpen = false;
  const sql = createSql(url, {
    max: 1,
    debug: (_c, text, params) => {
      if (!log) return;
      // postgres.js writes what was issued in one tick in one flush (setImmediate): one pipeline.
      if (!flushOpen) {
        flush++;
        flushOpen = true;
        setImmediate(() => (flushOpen = false));
      }
      log.push({ text, params: [...params], flush });
    },
  });
  try {
    const { app } = testApp(sql, { config: { JWT_SECRET: jwtSecret } });
    const api: Api = apiClient(async (path, init) => app.request(path, init));
    const scripts: string[] = [];
    for (const [i, t] of tenants.entries()) {
      // Untraced first: the user's access is then cached, as it is under steady load (60 s).
      const warm = await api.json('POST', '/api/v1/orders', body(i), t.token);
      if (warm.status !== 201) throw new Error(`warm-up order: ${warm.status}`);
      const order = body(i);
      log = [];
      const res = await api.json('POST', '/api/v1/orders', order, t.token);
      const statements = log;
      log = null;
      if (res.status !== 201) throw new Error(`traced order: ${res.status} ${await res.text()}`);
      scripts.push(await toScript(sql, statements, [order.id, ...order.lines.map((l) => l.id)]));
    }
    return scripts;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** pgbench text for traced statements; `ids` are the request's own (order first, then lines). */
async function toScript(sql: Sql, statements: Traced[], ids: string[]): Promise<string> {
  const out = ['\\set oid random(1, 9223372036854775806)'];
  // Each id the request brought becomes a fresh one per transaction, derived from :oid.
  const idExpr = (k: number) => `md5(:oid::text || '-${k}')::uuid::text`;
  const literal = (text: string) => {
    // pgbench reads ":name" anywhere as a variable, even inside quotes: JSON's `"note":null`
    // would be one. Such text is carried base64-encoded instead.
    if (/:[A-Za-z_]/.test(text)) {
      return `convert_from(decode('${Buffer.from(text).toString('base64')}', 'base64'), 'UTF8')`;
    }
    return `'${text.replaceAll("'", "''")}'`;
  };
  const withIds = (text: string) => {
    let expr = literal(text);
    ids.forEach((id, k) => {
      if (text.includes(id)) expr = `replace(${expr}, '${id}', ${idExpr(k)})`;
    });
    return expr;
  };
  let open: number | null = null;
  const counts = new Map<number, number>();
  for (const s of statements) counts.set(s.flush, (counts.get(s.flush) ?? 0) + 1);
  for (const s of statements) {
    const pipelined = (counts.get(s.flush) ?? 0) > 1;
    if (open !== null && open !== s.flush) {
      out.push('\\endpipeline');
      open = null;
    }
    if (pipelined && open === null) {
      out.push('\\startpipeline');
      open = s.flush;
    }
    const types = s.params.length
      ? (await sql.unsafe(s.text, s.params as never[]).describe()).types
      : [];
    const text = s.text.replace(/\$(\d+)/g, (_, n: string) => {
      const i = Number(n) - 1;
      const type = `::${typeName(types[i] as number)}`;
      const v = s.params[i];
      if (v === null || v === undefined) return `null${type}`;
      const json = type === '::json' || type === '::jsonb';
      return `${withIds(json ? JSON.stringify(v) : serialize(v))}${type}`;
    });
    out.push(`${text.trim()};`);
  }
  if (open !== null) out.push('\\endpipeline');
  return `${out.join('\n')}\n`;
}

/** A parameter's text as postgres.js sends it. */
function serialize(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => JSON.stringify(String(x))).join(',')}}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const TYPES: Record<number, string> = {
  16: 'bool',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  114: 'json',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  2950: 'uuid',
  2951: 'uuid[]',
  3802: 'jsonb',
  1009: 'text[]',
  1016: 'int8[]',
  1007: 'int4[]',
};

function typeName(oid: number): string {
  const name = TYPES[oid];
  if (!name) throw new Error(`order-sql: no name for parameter type ${oid}; add it to TYPES`);
  return name;
}

/**
 * The best single-statement form of the same writes (the second baseline): the price read, the
 * ticket counter, the order, its line (ticketed as it is written), the event counter and the event
 * row, in one autocommitted statement over `bench_tenants (n, tenant_id, product_id)`.
 */
export const singleStatementScript = (tenants: number) => `
\\set n random(1, ${tenants})
\\set oid random(1, 9223372036854775806)
WITH b AS (SELECT tenant_id, product_id FROM bench_tenants WHERE n = :n),
p AS (
  SELECT p.tenant_id, p.id, p.name, p.price, r.rate_bp FROM products p
  JOIN b ON b.tenant_id = p.tenant_id AND b.product_id = p.id
  JOIN tax_rates r ON r.tenant_id = p.tenant_id AND r.id = p.tax_rate_id
), t AS (
  INSERT INTO ticket_counters (tenant_id, day, last) SELECT tenant_id, current_date, 1 FROM b
  ON CONFLICT (tenant_id, day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last
), o AS (
  INSERT INTO orders (tenant_id, id, ticket_number, type, source, status, request_hash, subtotal,
                      tax_total, total)
  SELECT p.tenant_id, md5(:oid::text)::uuid, t.last, 'takeaway', 'pos', 'open', 'h', 2 * p.price,
         (2 * p.price * p.rate_bp / (10000 + p.rate_bp)), 2 * p.price FROM p, t
  RETURNING tenant_id, id, ticket_number, total
), l AS (
  INSERT INTO order_lines (tenant_id, id, order_id, position, product_id, name, quantity,
                           unit_price, tax_rate_bp, line_total, request_hash, ticketed_at)
  SELECT p.tenant_id, md5(:oid::text || '-1')::uuid, o.id, 0, p.id, p.name, 2, p.price, p.rate_bp,
         2 * p.price, 'h', now() FROM p, o
  RETURNING id
), c AS (
  INSERT INTO tenant_counters (tenant_id, event_seq) SELECT tenant_id, 1 FROM o
  ON CONFLICT (tenant_id) DO UPDATE SET event_seq = tenant_counters.event_seq + 1
  RETURNING tenant_id, event_seq
)
INSERT INTO events (tenant_id, seq, type, data)
SELECT c.tenant_id, c.event_seq, 'order.created',
       jsonb_build_object('order', jsonb_build_object('id', o.id, 'ticket_number', o.ticket_number,
                                                      'total', o.total))
FROM c, o RETURNING seq, at;
`;
