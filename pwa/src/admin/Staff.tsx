import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, api } from '../api/client';
import type { CreatedDevice, Device, Role, User } from '../api/types';
import { useStaff } from '../staff/context';

const ROLES: Role[] = ['owner', 'manager', 'cashier', 'waiter', 'kitchen'];

/** What each role may do, in words (the server's role rules, as staff read them). */
export const ROLE_WORDS: Record<Role, string> = {
  owner: 'Owners can do everything, including tenant settings and other owners.',
  manager:
    'Managers can edit the menu, tables and staff below manager, give discounts, void orders, refund and see reports and the audit log.',
  cashier:
    'Cashiers can take orders, take payments, and open and close shifts; not discounts, voids of whole orders or refunds.',
  waiter: 'Waiters can take orders and bump tickets, not take payments or refund.',
  kitchen: 'Kitchen staff see the kitchen display and bump tickets; they cannot take orders.',
};

/**
 * Staff and devices: add people with a role, set a PIN or a new password, change roles,
 * deactivate and reactivate; register and revoke shared devices (PIN login works on those).
 */
export function Staff() {
  const me = useStaff();
  const [message, setMessage] = createSignal<string | null>(null);
  const [users, { refetch }] = createResource(
    async () => (await api<{ data: User[] }>('GET', '/users?limit=500')).data,
  );
  const [devices, devicesApi] = createResource(
    async () => (await api<{ data: Device[] }>('GET', '/devices')).data,
  );
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [role, setRole] = createSignal<Role>('waiter');
  const [password, setPassword] = createSignal('');
  const [pin, setPin] = createSignal('');
  const [addError, setAddError] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal<Record<string, string>>({});
  const [deviceName, setDeviceName] = createSignal('');
  const [deviceToken, setDeviceToken] = createSignal<string | null>(null);

  const run = async (done: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(done);
      await refetch();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    setAddError(null);
    if (pin() && !/^\d{4,8}$/.test(pin())) {
      setAddError('A PIN is 4 to 8 digits.');
      return;
    }
    if (new TextEncoder().encode(password()).length < 8) {
      setAddError('The password needs at least 8 characters.');
      return;
    }
    try {
      await api('POST', '/users', {
        name: name().trim(),
        email: email().trim(),
        role: role(),
        password: password(),
        ...(pin() ? { pin: pin() } : {}),
      });
      setMessage(`Added ${name().trim()} as ${role()}.`);
      setName('');
      setEmail('');
      setPassword('');
      setPin('');
      await refetch();
    } catch (err) {
      setAddError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const saveSecret = (u: User, field: 'pin' | 'password') => {
    const value = secret()[`${u.id}:${field}`] ?? '';
    if (field === 'pin' && !/^\d{4,8}$/.test(value)) {
      setMessage('A PIN is 4 to 8 digits.');
      return;
    }
    if (field === 'password' && new TextEncoder().encode(value).length < 8) {
      setMessage('A password needs at least 8 characters.');
      return;
    }
    void run(
      field === 'pin' ? `New PIN set for ${u.name}.` : `New password set for ${u.name}.`,
      () => api('PATCH', `/users/${u.id}`, { [field]: value }),
    );
    setSecret({ ...secret(), [`${u.id}:${field}`]: '' });
  };

  return (
    <div>
      <h1>Staff</h1>
      <p role="status" class="muted">
        {message()}
      </p>
      <ul class="admin-list" aria-label="Staff members">
        <For each={users() ?? []}>
          {(u) => (
            <li aria-label={u.name}>
              <div class="grow">
                <strong>{u.name}</strong> <span class="muted">{u.email}</span>
                <div class="muted">
                  {u.active ? 'Active' : 'Deactivated'} · {u.has_pin ? 'has a PIN' : 'no PIN'}
                </div>
              </div>
              <label class="field">
                <span>Role of {u.name}</span>
                <select
                  value={u.role}
                  disabled={u.id === me.session.me.user.id}
                  onChange={(e) =>
                    void run(`${u.name} is now ${e.currentTarget.value}.`, () =>
                      api('PATCH', `/users/${u.id}`, { role: e.currentTarget.value }),
                    )
                  }
                >
                  <For each={ROLES}>{(r) => <option value={r}>{r}</option>}</For>
                </select>
              </label>
              <label class="field">
                <span>New PIN for {u.name}</span>
                <input
                  inputMode="numeric"
                  autocomplete="off"
                  value={secret()[`${u.id}:pin`] ?? ''}
                  onInput={(e) =>
                    setSecret({ ...secret(), [`${u.id}:pin`]: e.currentTarget.value })
                  }
                />
              </label>
              <button type="button" class="btn" onClick={() => saveSecret(u, 'pin')}>
                Set PIN
              </button>
              <label class="field">
                <span>New password for {u.name}</span>
                <input
                  type="password"
                  autocomplete="new-password"
                  value={secret()[`${u.id}:password`] ?? ''}
                  onInput={(e) =>
                    setSecret({ ...secret(), [`${u.id}:password`]: e.currentTarget.value })
                  }
                />
              </label>
              <button type="button" class="btn" onClick={() => saveSecret(u, 'password')}>
                Reset password
              </button>
              <Show when={u.id !== me.session.me.user.id}>
                <button
                  type="button"
                  class="btn"
                  onClick={() =>
                    void run(`${u.name} ${u.active ? 'deactivated' : 'reactivated'}.`, () =>
                      api('PATCH', `/users/${u.id}`, { active: !u.active }),
                    )
                  }
                >
                  {u.active ? `Deactivate ${u.name}` : `Reactivate ${u.name}`}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>

      <form class="card" onSubmit={(e) => void add(e)} aria-label="Add a staff member">
        <h2>Add a staff member</h2>
        <div class="form-grid">
          <label class="field">
            <span>Name</span>
            <input value={name()} onInput={(e) => setName(e.currentTarget.value)} required />
          </label>
          <label class="field">
            <span>Email</span>
            <input
              type="email"
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              required
            />
          </label>
          <label class="field">
            <span>Role</span>
            <select value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <For each={ROLES}>{(r) => <option value={r}>{r}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span>Password (8 or more characters)</span>
            <input
              type="password"
              autocomplete="new-password"
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>PIN for shared devices (4–8 digits, optional)</span>
            <input
              inputMode="numeric"
              autocomplete="off"
              value={pin()}
              onInput={(e) => setPin(e.currentTarget.value)}
            />
          </label>
        </div>
        <Show when={addError()}>
          <p class="error" role="alert">
            {addError()}
          </p>
        </Show>
        <p class="muted">{ROLE_WORDS[role()]}</p>
        <button type="submit" class="btn primary">
          Add staff member
        </button>
      </form>

      <section class="card" aria-label="What each role may do">
        <h2>What each role may do</h2>
        <dl>
          <For each={ROLES}>
            {(r) => (
              <>
                <dt>
                  <strong>{r[0]!.toUpperCase() + r.slice(1)}</strong>
                </dt>
                <dd>{ROLE_WORDS[r]}</dd>
              </>
            )}
          </For>
        </dl>
      </section>

      <section class="card" aria-label="Devices">
        <h2>Devices</h2>
        <p class="muted">
          A registered device (a shared tablet) lets staff sign in with their PIN. Revoke a lost
          one.
        </p>
        <ul class="admin-list" aria-label="Registered devices">
          <For each={devices() ?? []}>
            {(d) => (
              <li>
                <div class="grow">
                  <strong>{d.name}</strong>
                  <div class="muted">since {new Date(d.created_at).toLocaleDateString()}</div>
                </div>
                <button
                  type="button"
                  class="btn"
                  onClick={() =>
                    void run(`Revoked ${d.name}.`, async () => {
                      await api('DELETE', `/devices/${d.id}`);
                      await devicesApi.refetch();
                    })
                  }
                >
                  Revoke {d.name}
                </button>
              </li>
            )}
          </For>
        </ul>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(`Registered ${deviceName().trim()}.`, async () => {
              const d = await api<CreatedDevice>('POST', '/devices', {
                name: deviceName().trim(),
              });
              setDeviceToken(d.device_token);
              setDeviceName('');
              await devicesApi.refetch();
            });
          }}
        >
          <label class="field" style={{ flex: '1 1 12rem' }}>
            <span>Device name</span>
            <input value={deviceName()} onInput={(e) => setDeviceName(e.currentTarget.value)} />
          </label>
          <button type="submit" class="btn" disabled={!deviceName().trim()}>
            Register device
          </button>
        </form>
        <Show when={deviceToken()}>
          <p>
            Device token (shown once; the device keeps it): <code>{deviceToken()}</code>
          </p>
        </Show>
      </section>
    </div>
  );
}
