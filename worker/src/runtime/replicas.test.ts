/**
 * Two Node instances behind a proxy, as docker-compose.replicas.yml runs them behind Caddy: one
 * Postgres, one Redis. The proxy here does what that Caddyfile asks of Caddy: round robin, a new
 * upstream connection per request, and a retry on the next instance when one refuses to connect.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApi, orderBody, serverEnv } from '../faults/harness';
import { newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { buildMenu } from '../test/menu';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { connectStaff } from '../test/ws';

let db: TestDb;
let instances: ServerProcess[] = [];
let proxy: { url: string; served: string[]; server: Server };

function startProxy(upstreams: () => number[]): Promise<typeof proxy> {
  let next = 0;
  const served: string[] = [];
  const pick = () => {
    const ports = upstreams();
    return ports.map((_, i) => ports[(next + i) % ports.length]!).filter(Boolean);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const order = pick();
      next++;
      const attempt = (i: number) => {
        const port = order[i];
        if (port === undefined) {
          res.writeHead(502).end('no upstream');
          return;
        }
        const up = request(
          {
            host: '127.0.0.1',
            port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: false,
          },
          (upRes) => {
            served.push(`${req.method} ${req.url} ${port} ${upRes.statusCode}`);
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        // Only a refused connection is retried: the request never reached that instance.
        up.on('error', (e: NodeJS.ErrnoException) =>
          e.code === 'ECONNREFUSED' ? attempt(i + 1) : res.destroy(),
        );
        up.end(Buffer.concat(chunks));
      };
      attempt(0);
    });
  });
  // WebSocket upgrades go to the next instance as they are, byte for byte.
  server.on('upgrade', (req, socket, head) => {
    const port = pick()[0]!;
    next++;
    served.push(`UPGRADE ${req.url} ${port}`);
    const up = connect(port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      up.write(head);
      up.pipe(socket).pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      ok({ url: `http://127.0.0.1:${port}`, served, server });
    }),
  );
}

beforeAll(async () => {
  db = await createTestDb();
  const env = serverEnv(db.url, {
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: randomBytes(32).toString('hex'),
  });
  instances = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  // A stopped instance stays in the list: it refuses connections and the proxy moves on.
  proxy = await startProxy(() => instances.map((i) => i.port));
});

afterAll(async () => {
  proxy?.server.close();
  await Promise.all(instances.map((i) => i.kill9()));
  await db?.drop();
});

describe('two instances behind a proxy, sharing Postgres and Redis', () => {
  it('an order taken through one instance reaches a kitchen socket on the other', async () => {
    const api = httpApi(() => proxy.url);
    const t = await newTenant(api);
    const menu = await buildMenu(api, t.token);
    const { socket } = await connectStaff(proxy.url, t.tenant.id, t.token);
    const socketPort = Number(proxy.served.findLast((s) => s.startsWith('UPGRADE'))!.split(' ')[2]);

    // Round robin: of two orders in a row, one is served by the instance without the socket.
    const from = proxy.served.length;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const body = orderBody(menu);
      const res = await api.json('POST', '/api/v1/orders', body, t.token);
      expect(res.status).toBe(201);
      ids.push(body.id);
    }
    const ports = proxy.served
      .slice(from)
      .filter((s) => s.startsWith('POST /api/v1/orders '))
      .map((s) => Number(s.split(' ')[2]));
    expect(ports).toContain(instances.find((i) => i.port !== socketPort)!.port);
    const events = await socket.events(2, 5000);
    expect(events.map((e) => (e.data as { order: { id: string } }).order.id)).toEqual(ids);
    socket.close();
  });

  it('loses no acknowledged request when one instance is stopped mid-load', async () => {
    const api = httpApi(() => proxy.url);
    const t = await newTenant(api);
    const menu = await buildMenu(api, t.token);
    const acked: string[] = [];
    const failed: number[] = [];
    let stopped: Promise<number | null> | undefined;
    const worker = async () => {
      for (let i = 0; i < 30; i++) {
        const body = orderBody(menu);
        const res = await api.json('POST', '/api/v1/orders', body, t.token);
        if (res.status === 201) acked.push(body.id);
        else failed.push(res.status);
        // A deploy stops the first instance while the load is running.
        if (acked.length === 20 && !stopped) stopped = instances[0]!.stop();
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(await stopped).toBe(0);
    // Every request got its normal answer: the stopping instance finished what it had, the
    // proxy sent the rest to the other one.
    expect(failed).toEqual([]);
    expect(acked).toHaveLength(120);
    const rows = await db.sql<{ id: string }[]>`
      select id from orders where id = any(${acked}::uuid[])`;
    expect(rows).toHaveLength(acked.length);
    const servedBy = new Set(
      proxy.served.filter((s) => s.startsWith('POST /api/v1/orders ')).map((s) => s.split(' ')[2]),
    );
    expect(servedBy.size).toBe(2);
  });
});
