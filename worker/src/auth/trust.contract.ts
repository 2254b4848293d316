import { describe, expect, it } from 'vitest';
import { type Api, newTenant, uniq } from '../test/client';

export interface TrustTarget {
  /** The server under test, with TRUST_PROXY=true and sign-up unlimited. */
  api: Api;
  /** The same server code with SIGNUP_LIMIT=3 (and TRUST_PROXY=true). */
  limitedSignup: Api;
}

const json = { 'content-type': 'application/json' };

/** Guessing, throttles and addresses (trust amendments), run against every runtime. */
export function trustContract(target: () => TrustTarget) {
  const api = () => target().api;

  async function pinSetup() {
    const t = await newTenant(api());
    const email = `${uniq()}@pin.test`;
    const created = await api().json(
      'POST',
      '/api/v1/users',
      { email, name: 'Owner two', role: 'owner', password: 'password1', pin: '4321' },
      t.token,
    );
    const victim = (await created.json()) as { id: string };
    const device = async (name: string) => {
      const res = await api().json('POST', '/api/v1/devices', { name }, t.token);
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; device_token: string };
    };
    const pin = (deviceToken: string, p: string, userId = victim.id) =>
      api().fetch('/api/v1/auth/pin', {
        method: 'POST',
        headers: { ...json, 'x-device-token': deviceToken },
        body: JSON.stringify({ user_id: userId, pin: p }),
      });
    return { t, email, victim, device, pin };
  }

  describe('PIN guessing', () => {
    it('locks PIN login of a user after 10 failures across devices; the password still works', async () => {
      const { t, email, device, pin } = await pinSetup();
      const devices = [await device('A'), await device('B'), await device('C'), await device('D')];
      // 4 + 4 + 2 wrong guesses: no (device, user) pair reaches its own limit of 5.
      const plan = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
      for (const [i, d] of plan.entries()) {
        const res = await pin(devices[d]!.device_token, String(1000 + i));
        expect(res.status).toBe(400);
      }
      // The right PIN on a fresh device: refused, the user is locked everywhere.
      const locked = await pin(devices[3]!.device_token, '4321');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locked.json()).toMatchObject({ error: 'slow_down' });
      const password = await api().form('/api/v1/auth/token', {
        grant_type: 'password',
        username: email,
        password: 'password1',
      });
      expect(password.status).toBe(200);
      const audit = await api().json(
        'GET',
        '/api/v1/audit?action=auth.pin_failed&limit=50',
        undefined,
        t.token,
      );
      expect(audit.status).toBe(200);
      const rows = ((await audit.json()) as { data: { action: string }[] }).data;
      expect(rows.filter((r) => r.action === 'auth.pin_failed')).toHaveLength(10);
    });

    it('audits a wrong PIN for an unknown user too', async () => {
      const { t, device, pin } = await pinSetup();
      const d = await device('Bar');
      const stranger = crypto.randomUUID();
      expect((await pin(d.device_token, '0000', stranger)).status).toBe(400);
      const audit = await api().json(
        'GET',
        '/api/v1/audit?action=auth.pin_failed',
        undefined,
        t.token,
      );
      const rows = ((await audit.json()) as { data: { object_id: string }[] }).data;
      expect(rows.map((r) => r.object_id)).toContain(stranger);
    });

    it('caps a tenant at 50 active devices (51st → 409) and frees a place on removal', async () => {
      const t = await newTenant(api());
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await api().json('POST', '/api/v1/devices', { name: `T${i}` }, t.token);
        expect(res.status).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
      }
      const over = await api().json('POST', '/api/v1/devices', { name: 'one too many' }, t.token);
      expect(over.status).toBe(409);
      expect(over.headers.get('content-type')).toContain('application/problem+json');
      const del = await api().json('DELETE', `/api/v1/devices/${ids[0]}`, undefined, t.token);
      expect(del.status).toBe(204);
      const again = await api().json('POST', '/api/v1/devices', { name: 'replacement' }, t.token);
      expect(again.status).toBe(201);
    });
  });

  describe('client addresses and sign-up', () => {
    it('takes the rightmost X-Forwarded-For entry: a client cannot dodge the login throttle', async () => {
      const t = await newTenant(api());
      for (let i = 0; i < 10; i++) {
        const res = await api().form(
          '/api/v1/auth/token',
          { grant_type: 'password', username: t.email, password: `wrong ${i}` },
          // The client writes a fresh address each time; the proxy appends the real one.
          { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` },
        );
        expect(res.status).toBe(400);
      }
      const eleventh = await api().form(
        '/api/v1/auth/token',
        { grant_type: 'password', username: t.email, password: 'wrong again' },
        { 'x-forwarded-for': '203.0.113.99, 198.51.100.7' },
      );
      expect(eleventh.status).toBe(429);
      // The owner, from their own address, is not locked out by someone else's guesses.
      const owner = await api().form(
        '/api/v1/auth/token',
        { grant_type: 'password', username: t.email, password: t.password },
        { 'x-forwarded-for': '198.51.100.7, 192.0.2.44' },
      );
      expect(owner.status).toBe(200);
    });

    it('limits sign-ups per address per hour (SIGNUP_LIMIT), counting invalid-but-parsed ones', async () => {
      const limited = target().limitedSignup;
      const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
      const signUp = (slug: string, from = address) =>
        limited.json(
          'POST',
          '/api/v1/tenants',
          {
            name: 'Shop',
            slug,
            currency: 'EUR',
            owner: { email: `${slug}@signup.test`, password: 'password1', name: 'O' },
          },
          undefined,
          { 'x-forwarded-for': `10.0.0.1, ${from}` },
        );
      const first = uniq('s');
      expect((await signUp(first)).status).toBe(201);
      expect((await signUp(first)).status).toBe(409); // a taken slug counts
      // A body that fails validation is not counted.
      const invalid = await limited.json('POST', '/api/v1/tenants', { name: '' }, undefined, {
        'x-forwarded-for': address,
      });
      expect(invalid.status).toBe(400);
      expect((await signUp(uniq('s'))).status).toBe(201);
      const fourth = await signUp(uniq('s'));
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(fourth.headers.get('content-type')).toContain('application/problem+json');
      // Another address is not affected.
      expect((await signUp(uniq('s'), '192.0.2.250')).status).toBe(201);
    });
  });

  describe('tokens', () => {
    it('answers POST /auth/revoke with the JSON body {}', async () => {
      const t = await newTenant(api());
      const res = await api().form('/api/v1/auth/revoke', { token: t.refresh });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({});
      const unknown = await api().form('/api/v1/auth/revoke', { token: 'never-issued' });
      expect(await unknown.json()).toEqual({});
    });

    it('answers a path token with a NUL (or any byte we never issue) 404, like an unknown one', async () => {
      const t = await newTenant(api());
      const hostile = ['abc%00def', '%00', 'a%00'.repeat(10), 'x%C3%28', 'a%20b'];
      for (const token of hostile) {
        for (const path of [
          `/api/v1/public/orders/${token}`,
          `/api/v1/public/tables/${token}`,
          `/api/v1/public/orders/${token}/live`,
        ]) {
          const res = await api().fetch(path);
          expect([path, res.status]).toEqual([path, 404]);
        }
        const checkout = await api().fetch(`/api/v1/public/orders/${token}/checkout`, {
          method: 'POST',
        });
        expect([token, checkout.status]).toEqual([token, 404]);
        const order = await api().json('POST', `/api/v1/public/tables/${token}/orders`, {
          id: crypto.randomUUID(),
          lines: [{ id: crypto.randomUUID(), product_id: t.tenant.id, quantity: 1 }],
        });
        expect([token, order.status]).toEqual([token, 404]);
      }
    });
  });
}
