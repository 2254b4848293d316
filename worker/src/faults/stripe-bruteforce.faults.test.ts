import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/db';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { StripeEmulator } from '../test/stripe-emulator';
import { httpApi, orderBody, recorder, serverEnv, tenantWithMenu } from './harness';

/**
 * A TCP proxy in front of the Stripe emulator that forwards each request and, while `cut` is on,
 * drops the connection as soon as the answer starts coming back: Stripe did the work, the caller
 * never hears about it.
 */
async function cuttingProxy(target: string) {
  const { hostname, port } = new URL(target);
  let cut = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    const upstream = connect(Number(port), hostname);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk) => {
      if (cut > 0) {
        cut--;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cutNext: (n: number) => {
      cut = n;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

let db: TestDb;
let server: ServerProcess;
const stripe = new StripeEmulator();
let proxy: Awaited<ReturnType<typeof cuttingProxy>>;
const webhookSecret = 'whsec_faults';

beforeAll(async () => {
  db = await createTestDb();
  proxy = await cuttingProxy(await stripe.start());
  server = await startServerProcess(
    serverEnv(db.url, {
      STRIPE_SECRET_KEY: 'sk_test_faults',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: proxy.url,
      BCRYPT_COST: '10',
    }),
  );
});
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await stripe.stop();
  await db?.drop();
});

describe('Stripe and brute force', () => {
  it('a cut connection to Stripe after the request was sent: 0 double charges, settled by the webhook', async () => {
    const api = httpApi(() => server.url);
    const t = await tenantWithMenu(api);
    const rec = recorder(() => server.url);
    const orders = [];
    for (let i = 0; i < 10; i++)
      orders.push(
        (await rec.until('POST', '/api/v1/orders', orderBody(t.menu), t.token)).response as {
          id: string;
          total: number;
        },
      );
    for (const o of orders) {
      const body = { id: crypto.randomUUID(), method: 'card', amount: o.total };
      proxy.cutNext(3); // the SDK's own retry is cut as well, then our client's
      const paid = await rec.until(
        'POST',
        `/api/v1/orders/${o.id}/payments`,
        body,
        t.token,
        [200, 201],
        60_000,
      );
      const url = (paid.response as { checkout_url: string }).checkout_url;
      expect(url).toBeTruthy();
      const event = stripe.complete(url.split('/').pop()!);
      const payload = JSON.stringify(event);
      for (let k = 0; k < 2; k++) {
        // Stripe delivers at least once: the same event twice.
        const res = await fetch(`${server.url}/api/v1/stripe/webhook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': StripeEmulator.sign(payload, webhookSecret),
          },
          body: payload,
        });
        expect(res.status).toBe(200);
      }
    }
    // One Checkout Session per payment, however many times the request was cut and retried.
    const perPayment = new Map<string, number>();
    for (const s of stripe.sessions.values())
      perPayment.set(s.client_reference_id!, (perPayment.get(s.client_reference_id!) ?? 0) + 1);
    expect([...perPayment.values()].every((n) => n === 1)).toBe(true);
    expect(perPayment.size).toBe(10);
    const rows = await db.sql<
      { status: string; paid_total: number; total: number; receipt_number: number }[]
    >`
      select status, paid_total, total, receipt_number from orders where tenant_id = ${t.tenant.id} order by receipt_number`;
    expect(rows.every((r) => r.status === 'paid' && r.paid_total === r.total)).toBe(true);
    expect(rows.map((r) => r.receipt_number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const [pays] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from payments where tenant_id = ${t.tenant.id} and status = 'succeeded'`;
    expect(pays!.n).toBe(10);
    // The cuts really happened: some attempts got a 502 or no answer at all.
    expect(rec.log.some((x) => x.status === 502 || x.status === 0)).toBe(true);
  }, 180_000);

  it('1,000 wrong passwords a second for 60 s: at most 10 bcrypt runs for the account; others log in as usual', async () => {
    const api = httpApi(() => server.url);
    const victim = await tenantWithMenu(api);
    const other = await tenantWithMenu(api);
    const login = (email: string, password: string, address: string) =>
      fetch(`${server.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': address,
        },
        body: new URLSearchParams({ grant_type: 'password', username: email, password }).toString(),
      });
    const timedLogin = async () => {
      const t0 = performance.now();
      const res = await login(other.email, other.password, '10.77.0.1');
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t0 };
    };
    const baseline = [];
    for (let i = 0; i < 5; i++) baseline.push(await timedLogin());
    const baseP50 = baseline.map((x) => x.ms).sort((a, b) => a - b)[2]!;

    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const { port } = new URL(server.url);
    const floodOnce = (password: string) =>
      new Promise<number>((ok) => {
        const body = new URLSearchParams({
          grant_type: 'password',
          username: victim.email,
          password,
        }).toString();
        const req = request(
          {
            host: '127.0.0.1',
            port: Number(port),
            path: '/api/v1/auth/token',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              'x-forwarded-for': '10.66.0.1',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => ok(res.statusCode ?? 0));
          },
        );
        req.on('error', () => ok(0));
        req.end(body);
      });
    const RATE = 1000;
    const SECONDS = 60;
    const statuses = new Map<number, number>();
    let sent = 0;
    let inflight = 0;
    const start = performance.now();
    const flood = (async () => {
      const pending = new Set<Promise<void>>();
      while (performance.now() - start < SECONDS * 1000) {
        const due = Math.floor(((performance.now() - start) / 1000) * RATE);
        while (sent < due && inflight < 256) {
          sent++;
          inflight++;
          // node:http with a keep-alive agent: far cheaper per request than fetch, so the load
          // generator does not starve the server it shares two cores with.
          const p: Promise<void> = floodOnce(`wrong-${sent}`)
            .then((status) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            })
            .finally(() => {
              inflight--;
              pending.delete(p);
            });
          pending.add(p);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(pending);
    })();
    const during: { status: number; ms: number }[] = [];
    const probe = (async () => {
      while (performance.now() - start < SECONDS * 1000) {
        await new Promise((r) => setTimeout(r, 3000));
        during.push(await timedLogin());
      }
    })();
    await Promise.all([flood, probe]);
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();

    // bcrypt runs for the victim: each one that failed left a login.failed audit row.
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from audit_log where tenant_id = ${victim.tenant.id} and action = 'login.failed'`;
    console.log(
      `flood: ${sent} requests in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, bcrypt runs ${row!.n}; other tenant p50 ${baseP50.toFixed(0)} ms before, ${during.map((d) => d.ms.toFixed(0)).join(' ')} ms during`,
    );
    expect(row!.n).toBeLessThanOrEqual(10);
    expect(statuses.get(200) ?? 0).toBe(0);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect((statuses.get(429) ?? 0) + (statuses.get(400) ?? 0)).toBe(sent - (statuses.get(0) ?? 0));
    // The flood was real (at least half the target rate reached the server).
    expect(sent / elapsed).toBeGreaterThan(RATE / 2);
    // The other tenant kept logging in, at its usual pace (a generous behaviour bound: the flood
    // costs no bcrypt, so it must not starve others' logins).
    expect(during.every((d) => d.status === 200)).toBe(true);
    const duringP50 = during.map((d) => d.ms).sort((a, b) => a - b)[Math.floor(during.length / 2)]!;
    expect(duringP50).toBeLessThan(Math.max(5 * baseP50, 500));
  }, 180_000);
});
