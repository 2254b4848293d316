import { api } from './client';

/**
 * Opens the 80 mm receipt (server-rendered HTML, needs the staff token) in a new window and
 * prints it. The window opens synchronously, inside the click, so popup blockers allow it.
 */
export function printReceipt(orderId: string): void {
  const w = window.open('', '_blank');
  void api<Response>('GET', `/orders/${orderId}/receipt`, undefined, {
    response: true,
    headers: { accept: 'text/html' },
  })
    .then((res) => res.text())
    .then((html) => {
      if (!w) return;
      w.document.open();
      w.document.write(html);
      w.document.close();
      w.focus();
      w.print();
    })
    .catch((e: unknown) => {
      w?.close();
      alert(`The receipt could not be loaded: ${e instanceof Error ? e.message : e}`);
    });
}
