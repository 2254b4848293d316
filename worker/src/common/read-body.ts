import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { requestTimeout, tooLarge } from './errors';

export interface ReadBodyOptions {
  /** Largest body accepted (413 beyond, as soon as the size is known). */
  maxBytes(c: Parameters<MiddlewareHandler<AppEnv>>[0]): number;
  /** Longest the client may take to send the whole body (408 beyond). */
  timeoutMs: number;
}

/**
 * Reads the whole request body before the handler runs, within a deadline, and hands the handler
 * a request whose body is already in memory. Two things follow: a client that sends its body
 * slowly gets a 408 (not a "database did not answer" 503, and without holding a database handle
 * meanwhile), and the app's database time budget, which starts after this, measures the database
 * only. Bodies are small here (1 MiB of JSON, 5 MiB for an image), so buffering costs little.
 */
export function readBody(options: ReadBodyOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const max = options.maxBytes(c);
    const declared = raw.headers.get('content-length');
    if (declared !== null && !raw.headers.has('transfer-encoding') && Number(declared) > max) {
      throw tooLarge(`Bodies are limited to ${max} bytes.`);
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'timeout'>((ok) => {
      timer = setTimeout(() => ok('timeout'), options.timeoutMs);
    });
    try {
      for (;;) {
        const step = await Promise.race([reader.read(), expired]);
        if (step === 'timeout') {
          void reader.cancel().catch(() => {});
          throw requestTimeout(`The request body did not arrive within ${options.timeoutMs} ms.`);
        }
        if (step.done) break;
        size += step.value.byteLength;
        if (size > max) {
          void reader.cancel().catch(() => {});
          throw tooLarge(`Bodies are limited to ${max} bytes.`);
        }
        chunks.push(step.value);
      }
    } finally {
      clearTimeout(timer);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    await next();
  };
}
