import { api } from './client';

/**
 * Opens server-rendered 80 mm HTML (it needs the staff token, so it is fetched, not linked) in a
 * new window and prints it. The window opens synchronously, inside the click, so popup blockers
 * allow it.
 */
export function printHtml(path: string, what = 'The receipt'): void {
  const w = window.open('', '_blank');
  void api<Response>('GET', path, undefined, {
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
      alert(`${what} could not be loaded: ${e instanceof Error ? e.message : e}`);
    });
}

/** The order's receipt. */
export function printReceipt(orderId: string): void {
  printHtml(`/orders/${orderId}/receipt`);
}
