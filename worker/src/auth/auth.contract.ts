import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Api, login, newTenant, staff, uniq } from '../test/client';

export interface AuthTarget {
  api: Api;
  /** The JWT secret the server under test signs with (to forge expired/foreign tokens). */
  jwtSecret: string;
  /** How many password verifications the server has run, where the test can see it (Node). */
  verifyCount?: () => number;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const tokenUrl = '/api/v1/auth/token';

/** The auth rules (docs/api.md), run against every runtime (Node via app.request, workerd over HTTP). */
export function authContract(target: () => AuthTarget) {
  const api = () => target().api;

  describe('sign-up and the password grant', () => {
    it('signs up a tenant and logs the owner in with a no-store bearer token', async () => {
      const t = await newTenant(api());
      const res = await api().form(tokenUrl, {
        grant_type: 'password',
        username: t.email.toUpperCase(),
        password: t.password,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 900 });
      expect(typeof body.access_token).toBe('string');
      expect(typeof body.refresh_token).toBe('string');
      const me = await api().json('GET', '/api/v1/me', undefined, body.access_token);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        user: { email: t.email, role: 'owner' },
        tenant: {
          id: t.tenant.id,
          slug: t.tenant.slug,
          currency: 'EUR',
          timezone: 'UTC',
          cash_rounding: 1,
          tax_inclusive: false,
        },
      });
    });

    it('refuses a taken slug or email with 409 and a bad slug with 400', async () => {
      const t = await newTenant(api());
      const dupSlug = await api().json('POST', '/api/v1/tenants', {
        name: 'X',
        slug: t.tenant.slug,
        currency: 'EUR',
        owner: { email: `${uniq()}@x.test`, password: 'password1', name: 'X' },
      });
      expect(dupSlug.status).toBe(409);
      expect(dupSlug.headers.get('content-type')).toContain('application/problem+json');
      const dupEmail = await api().json('POST', '/api/v1/tenants', {
        name: 'X',
        slug: uniq('s'),
        currency: 'EUR',
        owner: { email: t.email.toUpperCase(), password: 'password1', name: 'X' },
      });
      expect(dupEmail.status).toBe(409);
      const bad = await api().json('POST', '/api/v1/tenants', {
        name: 'X',
        slug: 'No Caps',
        currency: 'EURO',
        owner: { email: 'nope', password: 'short', name: '' },
      });
      expect(bad.status).toBe(400);
      const problem = await bad.json();
      const paths = problem.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining(['slug', 'currency', 'owner.email', 'owner.password', 'owner.name']),
      );
    });

    it('answers a wrong password and an unknown email alike, with invalid_grant', async () => {
      const t = await newTenant(api());
      const wrong = await api().form(tokenUrl, {
        grant_type: 'password',
        username: t.email,
        password: 'wrong password',
      });
      const unknown = await api().form(tokenUrl, {
        grant_type: 'password',
        username: `${uniq()}@nobody.test`,
        password: 'whatever1',
      });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(400);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.json()).toEqual({
          error: 'invalid_grant',
          error_description: 'The email or password is wrong.',
        });
      }
    });

    it('rejects JSON bodies, missing parameters and unknown grant types per RFC 6749', async () => {
      const json = await api().json('POST', tokenUrl, {
        grant_type: 'password',
        username: 'a@b.test',
        password: 'x',
      });
      expect(json.status).toBe(400);
      expect((await json.json()).error).toBe('invalid_request');
      const missing = await api().form(tokenUrl, { grant_type: 'password', username: 'a@b.test' });
      expect((await missing.json()).error).toBe('invalid_request');
      const grant = await api().form(tokenUrl, { grant_type: 'client_credentials' });
      expect(grant.status).toBe(400);
      expect((await grant.json()).error).toBe('unsupported_grant_type');
    });
  });

  describe('refresh tokens', () => {
    it('rotates, and reuse of a rotated token revokes the whole family', async () => {
      const t = await newTenant(api());
      const first = await api().form(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh,
      });
      expect(first.status).toBe(200);
      const rotated = await first.json();
      expect(rotated.refresh_token).not.toBe(t.refresh);
      const reuse = await api().form(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh,
      });
      expect(reuse.status).toBe(400);
      expect((await reuse.json()).error).toBe('invalid_grant');
      // The newest token of the family died with it.
      const after = await api().form(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: rotated.refresh_token,
      });
      expect(after.status).toBe(400);
      // Another login (another family) is untouched.
      const other = await login(api(), t.email, t.password);
      const ok = await api().form(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: other.refresh_token,
      });
      expect(ok.status).toBe(200);
    });

    it('revokes a refresh token (RFC 7009) and answers 200 for unknown ones', async () => {
      const t = await newTenant(api());
      const res = await api().form('/api/v1/auth/revoke', { token: t.refresh });
      expect(res.status).toBe(200);
      const use = await api().form(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh,
      });
      expect(use.status).toBe(400);
      expect((await api().form('/api/v1/auth/revoke', { token: 'unknown' })).status).toBe(200);
      expect((await api().form('/api/v1/auth/revoke', {})).status).toBe(400);
    });
  });

  describe('access tokens', () => {
    async function forged(
      claims: Record<string, unknown>,
      header: Record<string, unknown> = { alg: 'HS256' },
      secret = target().jwtSecret,
    ) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: 'comanda',
        aud: 'comanda-api',
        iat: now,
        exp: now + 600,
        ...claims,
      })
        .setProtectedHeader(header as { alg: string })
        .sign(new TextEncoder().encode(secret));
    }

    it('accepts a well-formed token signed with the server secret (the control case)', async () => {
      const t = await newTenant(api());
      const token = await forged({ sub: t.user.id, tid: t.tenant.id, role: 'owner' });
      expect((await api().json('GET', '/api/v1/me', undefined, token)).status).toBe(200);
    });

    it('refuses alg:none, tampered, expired, foreign-secret and wrong iss/aud tokens with 401', async () => {
      const t = await newTenant(api());
      const [h, , s] = t.token.split('.');
      const payload = JSON.parse(Buffer.from(t.token.split('.')[1]!, 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const bad = [
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, role: 'owner' })}.`,
        `${h}.${b64({ ...payload, role: 'owner', tid: crypto.randomUUID() })}.${s}`,
        await forged({
          sub: t.user.id,
          tid: t.tenant.id,
          role: 'owner',
          iat: now - 1000,
          exp: now - 60,
        }),
        await forged(
          { sub: t.user.id, tid: t.tenant.id, role: 'owner' },
          { alg: 'HS256' },
          'another-secret-another-secret-another',
        ),
        await forged({ sub: t.user.id, tid: t.tenant.id, role: 'owner', iss: 'someone-else' }),
        await forged({ sub: t.user.id, tid: t.tenant.id, role: 'owner', aud: 'other' }),
        await forged({ sub: t.user.id, tid: t.tenant.id, role: 'owner', exp: now + 86400 }),
        'not-a-token',
      ];
      for (const token of bad) {
        const res = await api().json('GET', '/api/v1/me', undefined, token);
        expect(res.status, token).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await api().json('GET', '/api/v1/me')).status).toBe(401);
    });
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After after 10 failures from one address, even for the right password', async () => {
      const t = await newTenant(api());
      const from = {
        'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      };
      for (let i = 0; i < 10; i++) {
        const res = await api().form(
          tokenUrl,
          { grant_type: 'password', username: t.email, password: `wrong-${i}` },
          from,
        );
        expect(res.status).toBe(400);
      }
      const blocked = await api().form(
        tokenUrl,
        { grant_type: 'password', username: t.email, password: t.password },
        from,
      );
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await blocked.json()).toMatchObject({ error: 'slow_down' });
      // The owner, from another address, is not locked out.
      const elsewhere = await api().form(
        tokenUrl,
        { grant_type: 'password', username: t.email, password: t.password },
        { 'x-forwarded-for': '10.250.0.1' },
      );
      expect(elsewhere.status).toBe(200);
    });

    it('answers the throttle before spending bcrypt time', async () => {
      const t = await newTenant(api());
      const from = {
        'x-forwarded-for': `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      };
      for (let i = 0; i < 11; i++) {
        await api().form(
          tokenUrl,
          { grant_type: 'password', username: t.email, password: `wrong-${i}` },
          from,
        );
      }
      const count = target().verifyCount;
      const before = count?.();
      const started = performance.now();
      for (let i = 0; i < 20; i++) {
        const res = await api().form(
          tokenUrl,
          { grant_type: 'password', username: t.email, password: `wrong-${i}` },
          from,
        );
        expect(res.status).toBe(429);
      }
      if (count) {
        expect(count()).toBe(before);
      } else {
        // Where hashes can't be counted (workerd, cost 10 ≈ 100 ms each), 20 verifications would
        // take seconds: a behaviour bound (throttled requests skip hashing), not a speed target.
        expect(performance.now() - started).toBeLessThan(20 * 40);
      }
    });
  });

  describe('users and roles', () => {
    it('creates, lists, reads, updates and deletes staff; emails are unique across tenants', async () => {
      const t = await newTenant(api());
      const email = `${uniq('c')}@staff.test`;
      const created = await api().json(
        'POST',
        '/api/v1/users',
        { email, name: 'Cash', role: 'cashier', password: 'password1', pin: '1234' },
        t.token,
      );
      expect(created.status).toBe(201);
      const user = await created.json();
      expect(user).toMatchObject({ email, role: 'cashier', has_pin: true });
      expect(user).not.toHaveProperty('password_hash');
      const list = await (
        await api().json('GET', '/api/v1/users?limit=1', undefined, t.token)
      ).json();
      expect(list.data).toHaveLength(1);
      expect(list.next_cursor).toEqual(expect.any(String));
      const next = await (
        await api().json(
          'GET',
          `/api/v1/users?limit=1&cursor=${list.next_cursor}`,
          undefined,
          t.token,
        )
      ).json();
      expect(next.data[0].id).not.toBe(list.data[0].id);
      expect((await api().json('GET', '/api/v1/users?limit=501', undefined, t.token)).status).toBe(
        400,
      );
      expect(
        (await api().json('GET', '/api/v1/users?cursor=garbage', undefined, t.token)).status,
      ).toBe(400);
      const patched = await api().json(
        'PATCH',
        `/api/v1/users/${user.id}`,
        { name: 'Cashier Two', role: 'waiter' },
        t.token,
      );
      expect(await patched.json()).toMatchObject({ name: 'Cashier Two', role: 'waiter' });
      const other = await newTenant(api());
      const dup = await api().json(
        'POST',
        '/api/v1/users',
        { email: email.toUpperCase(), name: 'X', role: 'cashier', password: 'password1' },
        other.token,
      );
      expect(dup.status).toBe(409);
      expect(
        (await api().json('DELETE', `/api/v1/users/${user.id}`, undefined, t.token)).status,
      ).toBe(204);
      expect((await api().json('GET', `/api/v1/users/${user.id}`, undefined, t.token)).status).toBe(
        404,
      );
      const gone = await api().form(tokenUrl, {
        grant_type: 'password',
        username: email,
        password: 'password1',
      });
      expect(gone.status).toBe(400);
    });

    it('keeps passwords between 8 and 72 bytes', async () => {
      const t = await newTenant(api());
      for (const password of ['short', 'é'.repeat(37), 'x'.repeat(73)]) {
        const res = await api().json(
          'POST',
          '/api/v1/users',
          { email: `${uniq()}@s.test`, name: 'S', role: 'cashier', password },
          t.token,
        );
        expect(res.status, password).toBe(400);
      }
      const ok = await api().json(
        'POST',
        '/api/v1/users',
        { email: `${uniq()}@s.test`, name: 'S', role: 'cashier', password: 'x'.repeat(72) },
        t.token,
      );
      expect(ok.status).toBe(201);
    });

    it('lets managers manage only staff below manager, and refuses other roles', async () => {
      const t = await newTenant(api());
      const manager = await staff(api(), t.token, 'manager');
      const cashier = await staff(api(), t.token, 'cashier');
      const mk = (role: string, token: string) =>
        api().json(
          'POST',
          '/api/v1/users',
          { email: `${uniq()}@s.test`, name: 'S', role, password: 'password1' },
          token,
        );
      expect((await mk('waiter', manager.token)).status).toBe(201);
      expect((await mk('manager', manager.token)).status).toBe(403);
      expect((await mk('owner', manager.token)).status).toBe(403);
      expect((await mk('waiter', cashier.token)).status).toBe(403);
      expect(
        (await api().json('PATCH', `/api/v1/users/${t.user.id}`, { name: 'Hacked' }, manager.token))
          .status,
      ).toBe(403);
      expect(
        (
          await api().json(
            'PATCH',
            `/api/v1/users/${cashier.id}`,
            { role: 'manager' },
            manager.token,
          )
        ).status,
      ).toBe(403);
      // The last owner stays.
      expect(
        (await api().json('PATCH', `/api/v1/users/${t.user.id}`, { role: 'manager' }, t.token))
          .status,
      ).toBe(409);
    });

    it("answers 404 for another tenant's user id on every users route", async () => {
      const a = await newTenant(api());
      const b = await newTenant(api());
      const bUser = await staff(api(), b.token, 'cashier');
      for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
        const res = await api().json(method, `/api/v1/users/${bUser.id}`, body, a.token);
        expect(res.status, method).toBe(404);
      }
      expect((await api().json('GET', '/api/v1/users/not-a-uuid', undefined, a.token)).status).toBe(
        404,
      );
      expect(
        (await api().json('GET', `/api/v1/users/${bUser.id}`, undefined, b.token)).status,
      ).toBe(200);
    });
  });

  describe('tenant settings', () => {
    it('lets the owner change settings, managers read them, others neither', async () => {
      const t = await newTenant(api());
      const manager = await staff(api(), t.token, 'manager');
      const cashier = await staff(api(), t.token, 'cashier');
      const patch = {
        timezone: 'Europe/Zurich',
        currency: 'CHF',
        cash_rounding: 5,
        tax_inclusive: true,
        address: 'Bahnhofstr. 1',
        tax_id: 'CHE-1',
        qr_ordering: false,
      };
      const res = await api().json('PATCH', '/api/v1/tenant', patch, t.token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject(patch);
      expect((await api().json('GET', '/api/v1/tenant', undefined, manager.token)).status).toBe(
        200,
      );
      expect(
        (await api().json('PATCH', '/api/v1/tenant', { name: 'x' }, manager.token)).status,
      ).toBe(403);
      expect((await api().json('GET', '/api/v1/tenant', undefined, cashier.token)).status).toBe(
        403,
      );
      const bad = await api().json(
        'PATCH',
        '/api/v1/tenant',
        { timezone: 'Mars/Olympus', cash_rounding: 1.5 },
        t.token,
      );
      expect(bad.status).toBe(400);
      expect((await api().json('GET', '/api/v1/tenant', undefined, t.token)).status).toBe(200);
      const after = await (await api().json('GET', '/api/v1/tenant', undefined, t.token)).json();
      expect(after.timezone).toBe('Europe/Zurich');
    });

    it('confirms currency and tax with a default rate of its own; a foreign rate is 422', async () => {
      const t = await newTenant(api());
      const other = await newTenant(api());
      const rate = async (token: string, name: string) =>
        (await api().json('POST', '/api/v1/tax-rates', { name, rate_bp: 1000 }, token)).json();
      const mine = await rate(t.token, 'Reduced');
      const foreign = await rate(other.token, 'Theirs');
      const fresh = await (await api().json('GET', '/api/v1/tenant', undefined, t.token)).json();
      expect(fresh).toMatchObject({ default_tax_rate_id: null, tax_confirmed: false });

      // Another tenant's rate, or no rate at all: 422 on the field, nothing changes.
      for (const id of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await api().json(
          'PATCH',
          '/api/v1/tenant',
          { currency: 'CHF', default_tax_rate_id: id, tax_confirmed: true },
          t.token,
        );
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect((await res.json()).errors).toEqual([
          { path: 'default_tax_rate_id', message: 'names no object of this tenant' },
        ]);
      }
      const bad = await api().json('PATCH', '/api/v1/tenant', { tax_confirmed: 'yes' }, t.token);
      expect(bad.status).toBe(400);
      expect(await (await api().json('GET', '/api/v1/tenant', undefined, t.token)).json()).toEqual(
        fresh,
      );

      const confirm = { currency: 'CHF', tax_inclusive: true, default_tax_rate_id: mine.id };
      const ok = await api().json(
        'PATCH',
        '/api/v1/tenant',
        { ...confirm, tax_confirmed: true },
        t.token,
      );
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ ...confirm, tax_confirmed: true });
      const me = await (await api().json('GET', '/api/v1/me', undefined, t.token)).json();
      expect(me.tenant).toMatchObject({ default_tax_rate_id: mine.id, tax_confirmed: true });

      // Deleting the default rate clears the default; the confirmation stands.
      expect(
        (await api().json('DELETE', `/api/v1/tax-rates/${mine.id}`, undefined, t.token)).status,
      ).toBe(204);
      expect(
        await (await api().json('GET', '/api/v1/tenant', undefined, t.token)).json(),
      ).toMatchObject({ default_tax_rate_id: null, tax_confirmed: true });
    });
  });

  describe('devices and PIN login', () => {
    it('switches staff with a PIN on a registered device and locks a pair after 5 failures', async () => {
      const t = await newTenant(api());
      const email = `${uniq()}@pin.test`;
      const cashier = await (
        await api().json(
          'POST',
          '/api/v1/users',
          { email, name: 'P', role: 'cashier', password: 'password1', pin: '4321' },
          t.token,
        )
      ).json();
      const dev = await api().json('POST', '/api/v1/devices', { name: 'Counter tablet' }, t.token);
      expect(dev.status).toBe(201);
      const { id, device_token } = await dev.json();
      const pin = (p: string, token = device_token) =>
        api().json('POST', '/api/v1/auth/pin', { user_id: cashier.id, pin: p }, undefined, {
          'x-device-token': token,
        });
      const ok = await pin('4321');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ token_type: 'bearer' });
      expect((await pin('4321', 'dev_wrong')).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await pin('0000')).status).toBe(400);
      const locked = await pin('4321');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBeTruthy();
      expect((await api().json('DELETE', `/api/v1/devices/${id}`, undefined, t.token)).status).toBe(
        204,
      );
    });
  });

  describe('HTTP hygiene', () => {
    it('answers unknown routes with a 404 problem and echoes X-Request-Id', async () => {
      const res = await api().fetch('/api/v1/no-such-thing', {
        headers: { 'x-request-id': 'req-123' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('x-request-id')).toBe('req-123');
      const generated = await api().fetch('/healthz');
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('maps malformed JSON to 400, oversized bodies to 413 and other media types to 415, as problem+json', async () => {
      const malformed = await api().fetch('/api/v1/tenants', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      const huge = await api().fetch('/api/v1/tenants', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
      const wrongType = await api().fetch('/api/v1/tenants', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(wrongType.status).toBe(415);
      expect(wrongType.headers.get('content-type')).toContain('application/problem+json');
      const vendorJson = await api().fetch('/api/v1/tenants', {
        method: 'POST',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: '{}',
      });
      expect(vendorJson.status).toBe(400);
    });
  });
}
