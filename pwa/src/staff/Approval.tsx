import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, NetworkError, passwordTokens, pinTokens, revokeToken } from '../api/client';
import type { Role, TokenResponse } from '../api/types';
import { Dialog } from '../components/Dialog';
import { PinPad } from '../components/PinPad';
import type { OutboxApproval } from '../offline/outbox';
import { device, deviceStaff } from './device';
import { MANAGERS } from './roles';

/** Whether this role needs a manager's approval for manager+ actions. */
export const needsApproval = (role: Role) => !MANAGERS.includes(role);

const why = (e: unknown) =>
  e instanceof NetworkError
    ? 'A manager’s approval needs the network.'
    : e instanceof ApiError && (e.body.error === 'invalid_grant' || e.status === 401)
      ? 'Wrong PIN or password.'
      : e instanceof ApiError && e.status === 429
        ? 'Too many attempts. Wait a few minutes.'
        : e instanceof ApiError && e.status === 403
          ? 'That person is not allowed to approve this.'
          : e instanceof Error
            ? e.message
            : String(e);

/**
 * A manager approves one action on this device: on a registered device they pick themselves
 * and type their PIN, elsewhere they sign in with email and password. The token they get is
 * used for that one action, then revoked: the cashier's session is never replaced.
 *
 * With `queue` (offline, or the order is not on the server yet) nothing is checked here: the
 * device holds no PIN hashes. The manager and PIN go with the queued action and the server
 * checks them when it goes out (docs/offline.md, Discounts offline).
 */
export function Approval(props: {
  action: string;
  run(token: string): Promise<void>;
  queue?(approval: OutboxApproval): Promise<void>;
  onClose(): void;
}) {
  const d = device();
  const [managers] = createResource(
    () => d,
    async (dev) => (await deviceStaff(dev)).filter((s) => MANAGERS.includes(s.role as Role)),
  );
  const [who, setWho] = createSignal<string | null>(null);
  const [pin, setPin] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const usePin = () => !!d && !managers.error;

  const approve = async () => {
    setBusy(true);
    setError(null);
    if (props.queue) {
      try {
        await props.queue({ user_id: who()!, pin: pin() });
      } catch (e) {
        setPin('');
        setError(why(e));
      } finally {
        setBusy(false);
      }
      return;
    }
    let tokens: TokenResponse | null = null;
    try {
      tokens =
        usePin() && d
          ? await pinTokens(d.token, who()!, pin())
          : await passwordTokens(email().trim(), password());
      await props.run(tokens.access_token);
    } catch (e) {
      setPin('');
      setError(why(e));
    } finally {
      if (tokens) void revokeToken(tokens.refresh_token);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Manager approval"
      onClose={props.onClose}
      class="approval"
      footer={
        usePin() || props.queue ? undefined : (
          <button
            type="submit"
            form="approval-form"
            class="btn primary big"
            disabled={busy() || !email() || !password()}
          >
            Approve: {props.action}
          </button>
        )
      }
    >
      <p>
        <strong>{props.action}</strong> needs a manager. The manager approves it here; it runs with
        their rights this once.
      </p>
      <Show when={props.queue}>
        <p class="muted">
          It goes out when this device is online: the PIN is checked then, and a wrong one leaves it
          refused in the pending list.
        </p>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show
        when={usePin()}
        fallback={
          props.queue ? (
            <p class="error" role="alert">
              Until this goes out, a manager approves by PIN on a registered device only. Wait for
              the network, or ask a manager to do it.
            </p>
          ) : (
            <form
              id="approval-form"
              onSubmit={(e) => {
                e.preventDefault();
                void approve();
              }}
            >
              <label class="field">
                <span>Manager’s email</span>
                <input
                  type="email"
                  autocomplete="off"
                  value={email()}
                  onInput={(e) => setEmail(e.currentTarget.value)}
                />
              </label>
              <label class="field">
                <span>Manager’s password</span>
                <input
                  type="password"
                  autocomplete="off"
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              </label>
            </form>
          )
        }
      >
        <Show when={managers()} fallback={<p role="status">Loading managers…</p>}>
          <fieldset class="tiles plain">
            <legend>Manager</legend>
            <For each={managers()}>
              {(m) => (
                <button
                  type="button"
                  class="btn tile"
                  aria-pressed={who() === m.id}
                  onClick={() => setWho(m.id)}
                >
                  {m.name}
                </button>
              )}
            </For>
          </fieldset>
          <Show when={who()}>
            <PinPad
              label="Manager’s PIN"
              value={pin()}
              onChange={setPin}
              busy={busy()}
              onEnter={() => void approve()}
            />
          </Show>
        </Show>
      </Show>
    </Dialog>
  );
}
