import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createSql } from '../worker/src/db/client';
import { testApp } from '../worker/src/test/app';
import { type Api, apiClient, newTenant } from '../worker/src/test/client';
import { ADMIN_URL, createTestDb, type TestDb } from '../worker/src/test/db';
import { buildMenu } from '../worker/src/test/menu';
import { runBackup, runRestore } from './backup';

const work = mkdtempSync(join(tmpdir(), 'comanda-backup-'));
const secret = randomBytes(32).toString('hex');
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  rmSync(work, { recursive: true, force: true });
});

function appOn(url: string, uploads: string) {
  const sql = createSql(url);
  const { app } = testApp(sql, { config: { JWT_SECRET: secret, UPLOADS_DIR: uploads } });
  cleanup.push(() => sql.end({ timeout: 1 }));
  return apiClient(async (path, init) => app.request(path, init));
}

async function emptyDatabase(): Promise<string> {
  const name = `comanda_restore_${randomBytes(5).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  cleanup.push(async () => {
    const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  return ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}

const get = async (api: Api, path: string, token: string, accept = 'application/json') => {
  const res = await api.fetch(`/api/v1${path}`, {
    headers: { authorization: `Bearer ${token}`, accept },
  });
  expect(res.status, path).toBe(200);
  return accept === 'application/json' ? res.json() : res.text();
};

describe('npm run backup / npm run restore', () => {
  it('restores a tenant’s day into a fresh database with identical books and images', async () => {
    const db: TestDb = await createTestDb();
    cleanup.push(() => db.drop());
    const uploads = join(work, 'uploads');
    const api = appOn(db.url, uploads);
    const t = await newTenant(api, { tax_inclusive: true });
    const menu = await buildMenu(api, t.token);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await api.json(method, `/api/v1${path}`, body, t.token);
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBeLessThan(300);
      return json;
    };

    // A day: a shift, four orders, cash payments, a refund, a void, a picture, the Z report.
    const shift = await call('POST', '/shifts', { opening_float: 5000 });
    const orders: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await call('POST', '/orders', {
        id: crypto.randomUUID(),
        type: 'dine_in',
        lines: [
          { id: crypto.randomUUID(), product_id: menu.cake.id, quantity: 1 + i },
          { id: crypto.randomUUID(), product_id: menu.water.id, quantity: 1 },
        ],
      });
      orders.push(o.id as string);
      if (i < 3) {
        const payment = await call('POST', `/orders/${o.id}/payments`, {
          id: crypto.randomUUID(),
          method: 'cash',
          amount: o.total,
          tendered: (o.total as number) + 500,
        });
        if (i === 1) {
          await call('POST', `/orders/${o.id}/refunds`, {
            id: crypto.randomUUID(),
            payment_id: payment.id,
            amount: 200,
            reason: 'Cold coffee',
          });
        }
      } else {
        await call('POST', `/orders/${o.id}/void`, { reason: 'Walked out' });
      }
    }
    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 20 } },
    })
      .jpeg()
      .toBuffer();
    const pic = await api.fetch(`/api/v1/products/${menu.cake.id}/image`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${t.token}` },
      body: new Uint8Array(jpeg),
    });
    expect(pic.status).toBe(200);
    const imageUrl = new URL(((await pic.json()) as { image_url: string }).image_url).pathname;
    await call('POST', `/shifts/${shift.id}/close`, { counted_cash: 12_345 });

    const snapshot = async (a: Api) => ({
      orders: await Promise.all(orders.map((id) => get(a, `/orders/${id}`, t.token))),
      receipts: await Promise.all(
        orders.slice(0, 3).map((id) => get(a, `/orders/${id}/receipt`, t.token, 'text/html')),
      ),
      zReport: await get(a, `/shifts/${shift.id}/z-report`, t.token),
      sales: await get(
        a,
        `/reports/sales?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&group_by=method`,
        t.token,
      ),
      image: Buffer.from(await (await a.fetch(imageUrl)).arrayBuffer()).toString('base64'),
    });
    const before = await snapshot(api);
    const numbers = before.orders.map(
      (o) => (o as { receipt_number: number | null }).receipt_number,
    );
    expect(numbers.slice(0, 3).every((n) => Number.isInteger(n))).toBe(true);
    expect(numbers[3]).toBeNull();

    const env = { DATABASE_URL: db.url, UPLOADS_DIR: uploads };
    const lines: string[] = [];
    const dir = await runBackup(env, join(work, 'backups'), (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/database\.dump, [1-9]\d* upload file\(s\)/);

    // Restored elsewhere: another database, another uploads folder.
    const target = await emptyDatabase();
    const restoredUploads = join(work, 'restored-uploads');
    await runRestore({ DATABASE_URL: target, UPLOADS_DIR: restoredUploads }, dir, false, () => {});
    const after = await snapshot(appOn(target, restoredUploads));
    expect(after).toEqual(before);

    // A database that holds data is not overwritten by accident.
    await expect(
      runRestore({ DATABASE_URL: target, UPLOADS_DIR: restoredUploads }, dir, false, () => {}),
    ).rejects.toThrow(/already holds Comanda data/);
    await runRestore({ DATABASE_URL: target, UPLOADS_DIR: restoredUploads }, dir, true, () => {});
    expect(await snapshot(appOn(target, restoredUploads))).toEqual(before);

    // The compose `backup` service's script writes the same layout: it restores just as well.
    const u = new URL(db.url);
    const composeRoot = join(work, 'compose-backups');
    const out = execFileSync('sh', ['scripts/backup.sh'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PGHOST: u.hostname,
        PGPORT: u.port || '5432',
        PGUSER: decodeURIComponent(u.username),
        PGDATABASE: u.pathname.slice(1),
        BACKUP_ROOT: composeRoot,
        UPLOADS: uploads,
        BACKUP_ONCE: 'true',
      },
    });
    expect(out).toMatch(/backup: .*comanda-\d{8}T\d{6}Z \([1-9]\d* upload file\(s\)\)/);
    const [composeDir] = readdirSync(composeRoot);
    const third = await emptyDatabase();
    const thirdUploads = join(work, 'third-uploads');
    await runRestore(
      { DATABASE_URL: third, UPLOADS_DIR: thirdUploads },
      join(composeRoot, composeDir!),
      false,
      () => {},
    );
    expect(await snapshot(appOn(third, thirdUploads))).toEqual(before);
  });

  it('says how to back up the embedded database instead of failing obscurely', async () => {
    await expect(runBackup({ DATA_DIR: '/srv/comanda' }, work, () => {})).rejects.toThrow(
      /DATABASE_URL is not set.*\/srv\/comanda/,
    );
  });
});
