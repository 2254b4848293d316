import './styles.css';
import { startServiceWorker } from './components/UpdatePrompt';

/**
 * The one entry point. Guests (/t/{qr_token}) get the small guest bundle and nothing of the staff
 * app; everyone else gets the staff app, whose screens load lazily (admin and ag-grid only when
 * an owner or manager opens them).
 */
const root = document.getElementById('app')!;
if (location.pathname.startsWith('/t/')) {
  void import('./guest/Guest').then((m) => m.mount(root));
} else {
  void import('./staff/StaffApp').then((m) => m.mount(root));
}
startServiceWorker();
