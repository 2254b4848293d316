import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../common/events';
import { testApp } from '../test/app';
import { apiClient, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { purgeExpired } from './housekeeping';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

describe('housekeeping', () => {
  it('drops events past 7 days, day-old idempotency keys and closed throttle windows, and nothing newer', async () => {
    const { app } = testApp(db.sql);
    const t = await newTenant(apiClient(async (p, i) => app.request(p, i)));
    const old = await db.sql.begin((tx) =>
      appendEvent(tx, t.tenant.id, 'catalog.changed', { version: 1 }),
    );
    const fresh = await db.sql.begin((tx) =>
      appendEvent(tx, t.tenant.id, 'catalog.changed', { version: 2 }),
    );
    await db.sql`update events set at = now() - interval '8 days' where tenant_id = ${t.tenant.id} and seq = ${old.seq}`;
    await db.sql`insert into idempotency_keys (tenant_id, key, request_hash, status, body, created_at) values
      (${t.tenant.id}, 'old', 'h', 201, '{}', now() - interval '25 hours'),
      (${t.tenant.id}, 'new', 'h', 201, '{}', now())`;
    await db.sql`insert into auth_throttle (key, attempts, window_start, window_seconds) values
      ('old-window', 3, now() - interval '16 minutes', 900), ('open-window', 3, now(), 900),
      ('hour-window', 3, now() - interval '30 minutes', 3600),
      ('old-hour-window', 3, now() - interval '61 minutes', 3600)`;
    const purged = await purgeExpired(db.sql, new Date());
    expect(purged.events).toBeGreaterThanOrEqual(1);
    const seqs = (
      await db.sql<{ seq: number }[]>`select seq from events where tenant_id = ${t.tenant.id}`
    ).map((r) => r.seq);
    expect(seqs).toContain(fresh.seq);
    expect(seqs).not.toContain(old.seq);
    const keys = (
      await db.sql<
        { key: string }[]
      >`select key from idempotency_keys where tenant_id = ${t.tenant.id}`
    ).map((r) => r.key);
    expect(keys).toEqual(['new']);
    const windows = (
      await db.sql<{ key: string }[]>`select key from auth_throttle
        where key in ('old-window', 'open-window', 'hour-window', 'old-hour-window') order by key`
    ).map((r) => r.key);
    // A sign-up window lasts an hour: it survives the 15 minutes that close a login window.
    expect(windows).toEqual(['hour-window', 'open-window']);
  });
});
