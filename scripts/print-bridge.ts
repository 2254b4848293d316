/**
 * The print bridge: runs on a machine in the café, next to the printers, when the server cannot
 * reach them (Comanda at the edge). It claims queued print jobs over the API, sends each to its
 * printer over raw TCP (port 9100) and acknowledges it, or reports the error so the server backs
 * off and the kitchen display shows the printer as failing.
 *
 *   COMANDA_URL=https://pos.example.com PRINT_BRIDGE_TOKEN=prb_… npm run print-bridge
 *
 * The token comes from POST /api/v1/print-bridges (owner or manager); it opens the bridge's three
 * routes and nothing else.
 */
import { resolve } from 'node:path';
import { sendToPrinter } from '../worker/src/runtime/tcp-printer';

export interface BridgeOptions {
  /** fetch against the server's origin (a real fetch, or app.request in tests). */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  token: string;
  send?: typeof sendToPrinter;
  log?: (line: string) => void;
}

interface ClaimedJob {
  id: string;
  kind: string;
  printer: { host: string; port: number };
  payload_base64: string;
}

/** One round: claim what is due, print it, acknowledge or report each. Returns how many printed. */
export async function bridgeOnce(o: BridgeOptions): Promise<number> {
  const call = async (path: string, body?: unknown) => {
    const res = await o.fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ data?: ClaimedJob[] }>;
  };
  const send = o.send ?? sendToPrinter;
  const { data = [] } = await call('/print-jobs/claim', { limit: 10 });
  let printed = 0;
  for (const job of data) {
    const bytes = Uint8Array.from(atob(job.payload_base64), (ch) => ch.charCodeAt(0));
    try {
      await send(job.printer.host, job.printer.port, bytes);
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 500) || 'send failed';
      o.log?.(`job ${job.id} to ${job.printer.host}:${job.printer.port} failed: ${error}`);
      await call(`/print-jobs/${job.id}/fail`, { error });
      continue;
    }
    await call(`/print-jobs/${job.id}/ack`);
    printed++;
    o.log?.(`printed ${job.kind} ${job.id} on ${job.printer.host}:${job.printer.port}`);
  }
  return printed;
}

async function main() {
  const base = (process.env.COMANDA_URL ?? '').replace(/\/$/, '');
  const token = process.env.PRINT_BRIDGE_TOKEN ?? '';
  if (!/^https?:\/\//.test(base) || !token.startsWith('prb_')) {
    console.error(
      'Set COMANDA_URL (https://…) and PRINT_BRIDGE_TOKEN (prb_…). See docs/printing.md.',
    );
    process.exit(1);
  }
  const interval = Number(process.env.PRINT_BRIDGE_INTERVAL_MS ?? 2000);
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  process.once('SIGTERM', () => (stopped = true));
  console.log(`print bridge polling ${base} every ${interval} ms`);
  while (!stopped) {
    try {
      // Something printed: there may be more right behind it (the next ticket of that printer).
      while (
        (await bridgeOnce({ fetch: (p, i) => fetch(`${base}${p}`, i), token, log: console.log })) >
        0
      ) {}
    } catch (e) {
      console.warn(`print bridge: ${e instanceof Error ? e.message : e}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  void main();
}
