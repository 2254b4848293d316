import { hash } from '@node-rs/bcrypt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../db/client';
import { testApp } from '../test/app';
import { apiClient, login, newTenant, uniq } from '../test/client';
import { authContract } from './auth.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
// The real workerd over real HTTP: everything wrangler.toml and the edge platform wire up is used.
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `auth on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    authContract(() => ({ api, jwtSecret: inject('workerJwtSecret') }));

    describe('bcrypt hashes cross runtimes', () => {
      let sql: Sql;
      beforeAll(() => {
        sql = createSql(inject('workerDatabaseUrl'), { max: 2 });
      });
      afterAll(() => sql.end({ timeout: 1 }));

      it('logs in on workerd (bcryptjs) with a hash made on Node (@node-rs/bcrypt)', async () => {
        const t = await newTenant(api);
        const email = `${uniq('n')}@node.test`;
        const password = 'hashed on node';
        await sql`
        insert into users (tenant_id, email, name, role, password_hash)
        values (${t.tenant.id}, ${email}, 'Node', 'cashier', ${await hash(password, 10)})`;
        const ok = await login(api, email, password);
        expect(typeof ok.access_token).toBe('string');
        const wrong = await api.form('/api/v1/auth/token', {
          grant_type: 'password',
          username: email,
          password: 'not it at all',
        });
        expect(wrong.status).toBe(400);
      });

      it('logs in on Node (@node-rs/bcrypt) with a hash made on workerd (bcryptjs)', async () => {
        const t = await newTenant(api); // the owner's password is hashed by the worker
        const [row] = await sql<{ password_hash: string }[]>`
        select password_hash from users where id = ${t.user.id}`;
        expect(row?.password_hash).toMatch(/^\$2[ab]\$10\$/);
        const { app } = testApp(sql);
        const node = apiClient(async (path, init) => app.request(path, init));
        const ok = await login(node, t.email, t.password);
        expect(typeof ok.access_token).toBe('string');
        const wrong = await node.form('/api/v1/auth/token', {
          grant_type: 'password',
          username: t.email,
          password: 'not it at all',
        });
        expect(wrong.status).toBe(400);
      });
    });
  },
);
