import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedFor } from '../common/client-address';
import { testApp } from '../test/app';
import { type Api, apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { trustContract } from './trust.contract';

let db: TestDb;
let api: Api;
let limitedSignup: Api;

beforeAll(async () => {
  db = await createTestDb();
  const { app } = testApp(db.sql);
  api = apiClient(async (path, init) => app.request(path, init));
  const limited = testApp(db.sql, { config: { SIGNUP_LIMIT: '3' } }).app;
  limitedSignup = apiClient(async (path, init) => limited.request(path, init));
});
afterAll(() => db.drop());

describe('trust on Node (app.request, real Postgres)', () => {
  trustContract(() => ({ api, limitedSignup }));

  it('keeps counting sign-ups for an hour, not only for the 15 minutes of a login window', async () => {
    const rows = await db.sql<{ window_seconds: number }[]>`
      select window_seconds from auth_throttle where key like 'signup:%'`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.window_seconds === 3600)).toBe(true);
  });
});

describe('forwardedFor', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['203.0.113.9, 198.51.100.7', '198.51.100.7'],
    ['spoofed,  10.0.0.1 ,198.51.100.7 ', '198.51.100.7'],
    ['', undefined],
    [' , ', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, address) => {
    expect(forwardedFor(header)).toBe(address);
  });
});
