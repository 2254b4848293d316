import { registerSW } from 'virtual:pwa-register';
import { createSignal, Show } from 'solid-js';
import { render } from 'solid-js/web';

/**
 * Registers the service worker and, when a new version has been deployed and downloaded, asks
 * before switching (a cashier mid-order should not get a reload out of nowhere).
 */
export function startServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const [needRefresh, setNeedRefresh] = createSignal(false);
  const update = registerSW({
    onNeedRefresh: () => setNeedRefresh(true),
  });
  const host = document.createElement('div');
  document.body.append(host);
  render(
    () => (
      <Show when={needRefresh()}>
        <div class="update-prompt" role="alert">
          <span>A new version of Comanda is ready.</span>
          <button type="button" class="btn primary" onClick={() => void update(true)}>
            Update now
          </button>
          <button type="button" class="btn ghost" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </div>
      </Show>
    ),
    host,
  );
}
