import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, knownPrincipal } from '../auth/middleware';
import { compressorFor } from '../catalog/routes';
import { warmCatalog } from '../catalog/warm';
import { HEALTH, requestIdOf } from '../common/answers';
import type { Platform } from '../platform';

type Answer = {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array | null;
};

/**
 * Node only: the two hottest reads answered from memory before the request is turned into a web
 * Request and through Hono, which costs more than the answers themselves (see the http bench):
 * GET /healthz, and GET /api/v1/catalog (no query) when everything it needs is in memory already:
 * the verified token, the user's access, the tenant's catalog head and its encoded body. The
 * answers come from the same functions the Hono routes use (catalog/warm.ts, common/answers.ts)
 * with the same headers; anything else, or anything not warm, returns false and goes to the app.
 */
export function fastPath(platform: Platform) {
  const encodings = compressorFor(platform).encodings;
  const publicUrl = platform.config.PUBLIC_URL;
  const log = platform.config.LOG_REQUESTS;

  const send = (req: IncomingMessage, res: ServerResponse, a: Answer, started: number) => {
    const id = requestIdOf(req.headers['x-request-id'] as string | undefined);
    const headers: Record<string, string | number> = {
      ...a.headers,
      'X-Request-Id': id,
      'X-Content-Type-Options': 'nosniff',
    };
    if (a.body) headers['Content-Length'] = a.body.byteLength;
    res.writeHead(a.status, headers);
    res.end(a.body ?? undefined);
    if (log) console.log(`GET ${req.url} ${a.status} ${Date.now() - started}ms ${id}`);
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false;
    const started = log ? Date.now() : 0;
    if (req.url === '/healthz') {
      send(req, res, HEALTH, started);
      return true;
    }
    if (req.url !== '/api/v1/catalog') return false;
    const token = bearerToken(req.headers.authorization);
    const principal = token && knownPrincipal(platform, token);
    if (!principal) return false;
    const head = platform.catalog.peekHead(principal.tenantId);
    if (!head) return false;
    const answer = warmCatalog(
      platform.catalog,
      principal.tenantId,
      head,
      {
        ifNoneMatch: req.headers['if-none-match'],
        acceptEncoding: req.headers['accept-encoding'],
      },
      encodings,
      publicUrl,
    );
    if (!answer) return false;
    send(req, res, answer, started);
    return true;
  };
}
