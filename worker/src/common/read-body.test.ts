import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { createTestDb, type TestDb } from '../test/db';

/**
 * A real Node HTTP server (sockets, not app.request): the body arrives in pieces over time. The
 * database budget is cut to 1 s and the body deadline to 3 s so the test is quick.
 */
let db: TestDb;
let server: ReturnType<typeof serve>;
let port: number;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql, { app: { requestTimeoutMs: 1000, bodyTimeoutMs: 3000 } });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  await db.drop();
});

/** Sends the head, then the body in `pieces` spread over `spreadMs`; resolves with the raw reply. */
function dribble(path: string, body: string, pieces: number, spreadMs: number, total = body) {
  return new Promise<string>((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => {
      reply += d.toString();
    });
    socket.on('close', () => ok(reply));
    socket.on('error', fail);
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(total)}\r\nConnection: close\r\n\r\n`,
    );
    const size = Math.ceil(body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      setTimeout(
        () => socket.write(body.slice(i * size, (i + 1) * size)),
        (spreadMs / pieces) * (i + 1),
      );
    }
  });
}

const signUp = (slug: string) =>
  JSON.stringify({
    name: 'Slow café',
    slug,
    currency: 'EUR',
    owner: { email: `${slug}@slow.test`, password: 'password1', name: 'Slow' },
  });

describe('slow request bodies', () => {
  it('answers 408 problem+json to a body that does not arrive in time (not a database 503)', async () => {
    const body = signUp(`slow-${Date.now().toString(36)}`);
    // Half the body, then nothing: the client stalls.
    const reply = await dribble('/api/v1/tenants', body.slice(0, 20), 2, 200, body);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply.toLowerCase()).toContain('content-type: application/problem+json');
    expect(reply).toContain('request-timeout');
  });

  it('starts the database budget once the body is in: a body sent over 2 s still succeeds', async () => {
    const slug = `late-${Date.now().toString(36)}`;
    // 2 s of sending is past the 1 s database budget, within the 3 s body deadline.
    const reply = await dribble('/api/v1/tenants', signUp(slug), 8, 2000);
    expect(reply).toMatch(/^HTTP\/1\.1 201 /);
    const rows = await db.sql`select 1 from tenants where slug = ${slug}`;
    expect(rows.length).toBe(1);
  });

  it('still refuses a body over the limit with 413 as soon as Content-Length says so', async () => {
    const reply = await dribble('/api/v1/tenants', '', 1, 10, 'x'.repeat(2 * 1024 * 1024));
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
  });
});
