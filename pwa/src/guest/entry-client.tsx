/**
 * The guest's entry in the browser for /t/{qr_token} served by the server: hydrates the markup
 * the server rendered from the menu it embedded. Only what the menu needs loads here; live status,
 * paying and the service worker come in later chunks.
 */
import '../styles.css';
import { hydrate } from 'solid-js/web';
import type { PublicMenu } from '../api/types';
import { Guest } from './Guest';

const root = document.getElementById('app')!;
const data = document.getElementById('guest-data');
const qr = decodeURIComponent(location.pathname.slice(3).split('/')[0] ?? '');
if (data?.textContent) {
  const initial = JSON.parse(data.textContent) as PublicMenu;
  hydrate(() => <Guest qr={qr} initial={initial} />, root);
}

// The service worker (offline repeat visits) registers once the page has loaded, off the path of
// the first paint.
const registerLater = () =>
  void import('../components/UpdatePrompt').then((m) => m.startServiceWorker());
if (document.readyState === 'complete') registerLater();
else addEventListener('load', registerLater, { once: true });
