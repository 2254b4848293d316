import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError, NetworkError, pinLogin } from '../api/client';
import { PinPad } from '../components/PinPad';
import { type DeviceInfo, deviceStaff, setLocked } from './device';

const why = (e: unknown) =>
  e instanceof NetworkError
    ? 'No network. Switching staff needs a connection.'
    : e instanceof ApiError && e.status === 429
      ? 'Too many wrong PINs. Wait a few minutes.'
      : e instanceof ApiError && e.body.error === 'invalid_grant'
        ? 'Wrong PIN.'
        : e instanceof ApiError && e.status === 401
          ? 'This device is no longer registered. Sign in with email.'
          : e instanceof Error
            ? e.message
            : String(e);

/**
 * The lock screen of a shared device: a tile per staff member with a PIN, then the PIN pad.
 * Signing in here replaces the session; what the last person queued still goes out as theirs.
 */
export function LockScreen(props: { device: DeviceInfo; onSignedIn?(): void; onEmail(): void }) {
  const [staff] = createResource(() => deviceStaff(props.device));
  const [who, setWho] = createSignal<{ id: string; name: string } | null>(null);
  const [pin, setPin] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const enter = async () => {
    const u = who();
    if (!u || pin().length < 4) return;
    setBusy(true);
    setError(null);
    try {
      await pinLogin(props.device.token, u.id, pin());
      setLocked(false);
      props.onSignedIn?.();
    } catch (e) {
      setError(why(e));
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  return (
    <main class="lock" aria-label="Locked">
      <div class="lock-card card">
        <h1>{props.device.name}</h1>
        <p class="muted">Locked. Tap your name and enter your PIN.</p>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <Show when={!staff.error} fallback={<p role="alert">{why(staff.error)}</p>}>
          <Show when={staff()} fallback={<p role="status">Loading staff…</p>}>
            <fieldset class="tiles plain">
              <legend class="sr-only">Staff</legend>
              <For each={staff()}>
                {(s) => (
                  <button
                    type="button"
                    class="btn tile"
                    aria-pressed={who()?.id === s.id}
                    onClick={(e) => {
                      setWho(s);
                      setPin('');
                      setError(null);
                      // With many staff (or a small phone) the pad is below the tiles: bring
                      // it, and its Enter key, into view.
                      e.currentTarget
                        .closest('.lock-card')
                        ?.querySelector('.pinpad')
                        ?.scrollIntoView({ block: 'nearest' });
                    }}
                  >
                    {s.name}
                  </button>
                )}
              </For>
            </fieldset>
          </Show>
        </Show>
        <Show when={who()}>
          {(u) => (
            <PinPad
              label={`PIN for ${u().name}`}
              value={pin()}
              onChange={setPin}
              busy={busy()}
              onEnter={() => void enter()}
            />
          )}
        </Show>
        <button type="button" class="btn ghost-dark" onClick={() => props.onEmail()}>
          Sign in with email instead
        </button>
      </div>
    </main>
  );
}
