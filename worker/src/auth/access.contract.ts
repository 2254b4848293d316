import { describe, expect, it } from 'vitest';
import { type Api, login, newTenant, staff } from '../test/client';
import { connectStaff } from '../test/ws';

export interface AccessTarget {
  /** Where the owner makes changes (instance A when there are two). */
  admin: Api;
  /** Where the affected user's requests go (instance B: every assertion crosses the hub). */
  api: Api;
  /** HTTP origin serving the affected user's sockets (the same instance as `api`). */
  socketBase: string;
}

const users = '/api/v1/users';

/** Access ends at once: the old token loses its rights on the next request, its socket closes. */
export function accessContract(target: () => AccessTarget) {
  const t = () => target();

  /** A user of `role` whose access is already cached where `api` runs, with a live socket there. */
  async function watched(role: string) {
    const owner = await newTenant(t().admin);
    const user = await staff(t().admin, owner.token, role);
    const warm = await t().api.json('GET', '/api/v1/me', undefined, user.token);
    expect(warm.status).toBe(200);
    const { socket } = await connectStaff(t().socketBase, owner.tenant.id, user.token);
    return { owner, user, socket };
  }

  const change = (owner: { token: string }, id: string, body: Record<string, unknown>) =>
    t().admin.json('PATCH', `${users}/${id}`, body, owner.token);

  describe('access ends at once', () => {
    it('gives a demoted manager the new role at once and closes their socket with 4401', async () => {
      const { owner, user, socket } = await watched('manager');
      expect((await t().api.json('GET', users, undefined, user.token)).status).toBe(200);
      expect((await change(owner, user.id, { role: 'kitchen' })).status).toBe(200);
      // The socket closing is the sign that the user's instance heard of the change.
      expect((await socket.closed).code).toBe(4401);
      const staffList = await t().api.json('GET', users, undefined, user.token);
      expect(staffList.status).toBe(403);
      // The kitchen's own rights still apply to the old token.
      expect((await t().api.json('GET', '/api/v1/orders', undefined, user.token)).status).toBe(200);
      const me = await t().api.json('GET', '/api/v1/me', undefined, user.token);
      expect(await me.json()).toMatchObject({ user: { role: 'kitchen' } });
    });

    it('ends a deleted user’s token (401) and socket (4401)', async () => {
      const { owner, user, socket } = await watched('manager');
      const del = await t().admin.json('DELETE', `${users}/${user.id}`, undefined, owner.token);
      expect(del.status).toBe(204);
      expect((await socket.closed).code).toBe(4401);
      // The deleted manager can no longer create users (the attack that found this hole).
      const create = await t().api.json(
        'POST',
        users,
        { email: `x${Date.now()}@x.test`, name: 'X', role: 'cashier', password: 'password1' },
        user.token,
      );
      expect(create.status).toBe(401);
      expect(create.headers.get('content-type')).toContain('application/problem+json');
    });

    it('ends old tokens on a password change; the new password logs in', async () => {
      const { owner, user, socket } = await watched('cashier');
      expect((await change(owner, user.id, { password: 'a new password' })).status).toBe(200);
      expect((await socket.closed).code).toBe(4401);
      expect((await t().api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(401);
      const fresh = await login(t().api, user.email, 'a new password');
      expect((await t().api.json('GET', '/api/v1/me', undefined, fresh.access_token)).status).toBe(
        200,
      );
    });

    it('ends old tokens on a PIN change', async () => {
      const { owner, user, socket } = await watched('waiter');
      expect((await change(owner, user.id, { pin: '4711' })).status).toBe(200);
      expect((await socket.closed).code).toBe(4401);
      expect((await t().api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(401);
    });

    it('deactivates a user (401, no login, no refresh) and reactivates them', async () => {
      const { owner, user, socket } = await watched('cashier');
      const refresh = (await login(t().api, user.email, user.password)).refresh_token;
      const off = await change(owner, user.id, { active: false });
      expect(off.status).toBe(200);
      expect(await off.json()).toMatchObject({ id: user.id, active: false });
      expect((await socket.closed).code).toBe(4401);
      expect((await t().api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(401);
      const pw = await t().api.form('/api/v1/auth/token', {
        grant_type: 'password',
        username: user.email,
        password: user.password,
      });
      expect(pw.status).toBe(400);
      expect(await pw.json()).toMatchObject({ error: 'invalid_grant' });
      const rt = await t().api.form('/api/v1/auth/token', {
        grant_type: 'refresh_token',
        refresh_token: refresh,
      });
      expect(rt.status).toBe(400);
      const listed = await t().admin.json('GET', `${users}/${user.id}`, undefined, owner.token);
      expect(await listed.json()).toMatchObject({ active: false });

      expect((await change(owner, user.id, { active: true })).status).toBe(200);
      const back = await login(t().api, user.email, user.password);
      expect((await t().api.json('GET', '/api/v1/me', undefined, back.access_token)).status).toBe(
        200,
      );
      // Reactivation does not revive the tokens the deactivation ended.
      expect((await t().api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(401);
    });

    it('keeps the token of a user whose name changed working', async () => {
      const { owner, user, socket } = await watched('cashier');
      expect((await change(owner, user.id, { name: 'Renamed' })).status).toBe(200);
      expect((await t().api.json('GET', '/api/v1/me', undefined, user.token)).status).toBe(200);
      socket.close();
    });

    it('refuses to deactivate yourself or the last active owner, and a manager the owner', async () => {
      const owner = await newTenant(t().admin);
      const self = await change(owner, owner.user.id, { active: false });
      expect(self.status).toBe(409);
      const second = await staff(t().admin, owner.token, 'owner');
      // The first owner deactivates the second: allowed, one active owner remains.
      expect((await change(owner, second.id, { active: false })).status).toBe(200);
      const manager = await staff(t().admin, owner.token, 'manager');
      const byManager = await t().admin.json(
        'PATCH',
        `${users}/${owner.user.id}`,
        { active: false },
        manager.token,
      );
      expect(byManager.status).toBe(403);
      const bad = await change(owner, second.id, { active: 'no' });
      expect(bad.status).toBe(400);
      expect((await t().api.json('GET', '/api/v1/me', undefined, owner.token)).status).toBe(200);
    });
  });
}
