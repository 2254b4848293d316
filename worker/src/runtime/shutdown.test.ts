import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApi, orderBody, serverEnv } from '../faults/harness';
import { newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { buildMenu } from '../test/menu';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { connectStaff } from '../test/ws';

let db: TestDb;
let server: ServerProcess | undefined;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await server?.kill9();
  await db?.drop();
});

/** Sends the headers and part of a JSON body now; `finish()` sends the rest and reads the answer. */
function slowPost(url: string, token: string, body: string) {
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'content-length': Buffer.byteLength(body),
    },
  });
  const answer = new Promise<{ status: number; body: string }>((ok, fail) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
  });
  req.write(body.slice(0, 20));
  return {
    finish() {
      req.end(body.slice(20));
      return answer;
    },
  };
}

describe('shutdown on SIGTERM (a deploy, docker stop)', () => {
  it('finishes the request in flight, tells sockets to reconnect with 1012 and exits 0', async () => {
    server = await startServerProcess(serverEnv(db.url, { REDIS_URL: 'redis://127.0.0.1:6379' }));
    const api = httpApi(() => server!.url);
    const t = await newTenant(api);
    const menu = await buildMenu(api, t.token);
    const { socket } = await connectStaff(server.url, t.tenant.id, t.token);

    const order = orderBody(menu);
    const inFlight = slowPost(`${server.url}/api/v1/orders`, t.token, JSON.stringify(order));
    // The server has the request (its headers) before the signal arrives.
    await new Promise((r) => setTimeout(r, 500));
    const exited = server.stop();

    expect((await socket.closed).code).toBe(1012);
    // No new connection is accepted once the shutdown began.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const answer = await inFlight.finish();
    expect(answer.status, answer.body).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ id: order.id, status: 'open' });

    expect(await exited).toBe(0);
    const [row] = await db.sql`select count(*)::int as n from orders where id = ${order.id}`;
    expect(row!.n).toBe(1);
    const log = server.output.join('\n');
    expect(log).toMatch(/Shutting down: 1 request\(s\) in flight, 1 socket\(s\) told to reconnect/);
    expect(log).toMatch(/Drained in \d+ ms/);
    expect(log).toMatch(/Stopped\./);
    server = undefined;
  });

  it('the compiled server the image runs (npm run build:server) starts, serves and exits 0', async () => {
    execFileSync('npm', ['run', 'build:server'], { stdio: 'pipe' });
    server = await startServerProcess(serverEnv(db.url), undefined, [
      'worker/dist/runtime/node.mjs',
    ]);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: 'ok', pending: [] });
    expect(await server.stop()).toBe(0);
    expect(server.output.join('\n')).toMatch(/Drained in \d+ ms[\s\S]*Stopped\./);
    server = undefined;
  });
});
