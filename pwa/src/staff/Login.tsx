import { Navigate, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ApiError, login, NetworkError } from '../api/client';
import { session } from '../api/session';
import { device, setLocked } from './device';
import { LockScreen } from './LockScreen';
import { landingFor } from './roles';

export function Login() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await login(email().trim(), password());
      navigate(landingFor(s.me.user.role), { replace: true });
    } catch (err) {
      if (err instanceof NetworkError) setError('No network. Signing in needs a connection.');
      else if (err instanceof ApiError && err.status === 429)
        setError('Too many attempts. Wait a few minutes and try again.');
      else if (err instanceof ApiError && err.body.error === 'invalid_grant')
        setError('Wrong email or password.');
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={!session()} fallback={<Navigate href={landingFor(session()!.me.user.role)} />}>
      <Show
        when={!(device() && !params.email)}
        fallback={
          <LockScreen
            device={device()!}
            onEmail={() => {
              setLocked(false);
              setParams({ email: '1' });
            }}
          />
        }
      >
        <main class="login">
          <form class="card login-card" onSubmit={(e) => void submit(e)}>
            <h1>Comanda</h1>
            <label for="login-email">Email</label>
            <input
              id="login-email"
              type="email"
              autocomplete="username"
              required
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
            <label for="login-password">Password</label>
            <input
              id="login-password"
              type="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <button type="submit" class="btn primary big" disabled={busy()}>
              Sign in
            </button>
          </form>
        </main>
      </Show>
    </Show>
  );
}
