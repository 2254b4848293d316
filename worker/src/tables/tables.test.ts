import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app';
import { type Api, newTenant } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { newQrToken, tableUrl } from './qr';
import { tablesContract } from './tables.contract';

let db: TestDb;
let api: Api;
let publicUrl: string;

beforeAll(async () => {
  db = await createTestDb();
  const t = testApp(db.sql);
  publicUrl = t.platform.config.PUBLIC_URL;
  api = t.api;
});
afterAll(() => db.drop());

describe('tables on Node (app.request, real Postgres)', () => {
  tablesContract(() => ({ api, publicUrl }));

  it('records table.updated events without the QR token', async () => {
    const t = await newTenant(api);
    const res = await api.json('POST', '/api/v1/tables', { name: 'T1', seats: 2 }, t.token);
    const table = await res.json();
    await api.json('POST', `/api/v1/tables/${table.id}/rotate-qr`, undefined, t.token);
    await api.json('DELETE', `/api/v1/tables/${table.id}`, undefined, t.token);
    const rows = await db.sql<{ type: string; data: { op: string } }[]>`
      select type, data from events where tenant_id = ${t.tenant.id} order by seq`;
    expect(rows.map((r) => [r.type, r.data.op])).toEqual([
      ['table.updated', 'created'],
      ['table.updated', 'qr_rotated'],
      ['table.updated', 'deleted'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(table.qr_token);
  });
});

describe('QR tokens', () => {
  it('carry at least 128 bits and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newQrToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/); // 32 × 6 = 192 bits
  });

  it('point at the guest page under PUBLIC_URL', () => {
    expect(tableUrl('https://pos.example/', 'abc')).toBe('https://pos.example/t/abc');
  });
});
