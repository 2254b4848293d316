import { createSignal, Show } from 'solid-js';
import { ApiError, api, NetworkError } from '../api/client';
import { Dialog } from '../components/Dialog';
import { device, saveDevice, setLocked } from './device';

/**
 * A manager makes this device a shared one (POST /devices): its token stays on the device, and
 * staff switch with their PIN on the lock screen. The idle time locks it by itself.
 */
export function DeviceSetup(props: { onClose(): void }) {
  const current = device();
  const [name, setName] = createSignal(current?.name ?? 'Counter');
  const [idle, setIdle] = createSignal(String(current?.idle_minutes ?? 5));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const idleOk = () => /^\d{1,3}$/.test(idle().trim()) && Number(idle()) <= 240;

  const register = async () => {
    if (!idleOk() || !name().trim()) return;
    setBusy(true);
    setError(null);
    try {
      if (current) {
        saveDevice({ ...current, idle_minutes: Number(idle()) });
      } else {
        const d = await api<{ id: string; name: string; device_token: string }>(
          'POST',
          '/devices',
          { name: name().trim() },
        );
        saveDevice({ id: d.id, name: d.name, token: d.device_token, idle_minutes: Number(idle()) });
      }
      props.onClose();
    } catch (e) {
      setError(
        e instanceof NetworkError
          ? 'This needs the network.'
          : e instanceof ApiError
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Shared device"
      onClose={props.onClose}
      footer={
        <div class="row">
          <Show when={current}>
            <button
              type="button"
              class="btn"
              onClick={() => {
                saveDevice(null);
                setLocked(false);
                props.onClose();
              }}
            >
              Stop sharing this device
            </button>
          </Show>
          <button
            type="submit"
            form="device-form"
            class="btn primary big grow"
            disabled={busy() || !idleOk() || !name().trim()}
          >
            {current ? 'Save' : 'Register this device'}
          </button>
        </div>
      }
    >
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <form
        id="device-form"
        onSubmit={(e) => {
          e.preventDefault();
          void register();
        }}
      >
        <p>
          Staff with a PIN switch on this device from a lock screen. Orders someone queued offline
          still go out as theirs after a switch.
        </p>
        <label class="field">
          <span>Device name</span>
          <input
            type="text"
            maxLength={120}
            disabled={!!current}
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Lock after this many idle minutes (0 = never)</span>
          <input
            type="text"
            inputMode="numeric"
            value={idle()}
            aria-invalid={!idleOk()}
            onInput={(e) => setIdle(e.currentTarget.value)}
          />
        </label>
      </form>
    </Dialog>
  );
}
