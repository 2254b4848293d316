import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from './client';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');

describe.skipIf(skip !== '')(`housekeeping on workerd${skip ? `: ${skip}` : ''}`, () => {
  let sql: Sql;
  beforeAll(() => {
    sql = createSql(inject('workerDatabaseUrl'), { max: 1 });
  });
  afterAll(() => sql.end({ timeout: 1 }));

  it('purges closed throttle windows on its cron (the scheduled handler), keeping open ones', async () => {
    const tag = `hk-${Date.now()}`;
    await sql`insert into auth_throttle (key, attempts, window_start, window_seconds) values
      (${`${tag}-old`}, 3, now() - interval '16 minutes', 900),
      (${`${tag}-open`}, 3, now(), 900)`;
    // wrangler dev's trigger endpoint runs the worker's `scheduled` export as the cron would.
    const cron = encodeURIComponent('17 * * * *');
    const res = await fetch(`${origin}/__scheduled?cron=${cron}`);
    expect(res.status).toBe(200);
    const left = await sql<{ key: string }[]>`
      select key from auth_throttle where key like ${`${tag}-%`} order by key`;
    expect(left.map((r) => r.key)).toEqual([`${tag}-open`]);
  });
});
