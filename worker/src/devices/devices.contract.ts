import { describe, expect, it } from 'vitest';
import { type Api, newTenant, uniq } from '../test/client';

const STAFF = '/api/v1/devices/current/staff';

/** The lock screen's staff list, read with the device's own token; both runtimes run it. */
export function devicesContract(target: () => { api: Api }) {
  const api = () => target().api;

  const user = async (token: string, name: string, role: string, pin?: string) => {
    const res = await api().json(
      'POST',
      '/api/v1/users',
      { email: `${uniq()}@dev.test`, name, role, password: 'password1', ...(pin ? { pin } : {}) },
      token,
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  describe('GET /devices/current/staff', () => {
    it('lists the active staff with a PIN (id, name, role), by name, for the device’s own tenant; deleted and suspended users left out', async () => {
      const t = await newTenant(api());
      const bea = await user(t.token, 'Bea', 'cashier', '1234');
      const al = await user(t.token, 'Al', 'manager', '5678');
      await user(t.token, 'No Pin', 'waiter');
      const gone = await user(t.token, 'Gone', 'waiter', '1111');
      expect(
        (await api().json('DELETE', `/api/v1/users/${gone.id}`, undefined, t.token)).status,
      ).toBe(204);
      // A suspended login is left out too.
      const off = await user(t.token, 'Off', 'cashier', '3333');
      expect(
        (await api().json('PATCH', `/api/v1/users/${off.id}`, { active: false }, t.token)).status,
      ).toBe(200);
      // Another tenant's staff never show up on this device.
      const other = await newTenant(api());
      await user(other.token, 'Other', 'cashier', '2222');

      const dev = await (
        await api().json('POST', '/api/v1/devices', { name: 'Counter' }, t.token)
      ).json();
      const res = await api().json('GET', STAFF, undefined, undefined, {
        'x-device-token': dev.device_token,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body.data).toEqual([
        { id: al.id, name: 'Al', role: 'manager' },
        { id: bea.id, name: 'Bea', role: 'cashier' },
      ]);
    });

    it('answers 401 problem+json without a device token, with a wrong one, or once revoked', async () => {
      const t = await newTenant(api());
      const dev = await (
        await api().json('POST', '/api/v1/devices', { name: 'Till' }, t.token)
      ).json();
      const tries: Record<string, string>[] = [
        {},
        { 'x-device-token': 'dev_wrong' },
        { 'x-device-token': 'x'.repeat(500) },
      ];
      for (const headers of tries) {
        const res = await api().json('GET', STAFF, undefined, undefined, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      // A staff bearer token is not a device token.
      expect((await api().json('GET', STAFF, undefined, t.token)).status).toBe(401);
      expect(
        (await api().json('DELETE', `/api/v1/devices/${dev.id}`, undefined, t.token)).status,
      ).toBe(204);
      const revoked = await api().json('GET', STAFF, undefined, undefined, {
        'x-device-token': dev.device_token,
      });
      expect(revoked.status).toBe(401);
    });

    it('leaves the manager routes of /devices as they were (a device token is no bearer)', async () => {
      const t = await newTenant(api());
      const dev = await (
        await api().json('POST', '/api/v1/devices', { name: 'Till' }, t.token)
      ).json();
      const list = await api().json('GET', '/api/v1/devices', undefined, undefined, {
        'x-device-token': dev.device_token,
      });
      expect(list.status).toBe(401);
    });
  });
}
