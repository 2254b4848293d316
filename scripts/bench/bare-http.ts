/**
 * The baseline of the http bench: a bare node:http server in its own process (as the app is), doing
 * the least work the app's answers need and nothing else. GET /healthz answers the same JSON;
 * GET /api/v1/catalog verifies the bearer token's HS256 signature, issuer, audience and expiry with
 * node:crypto on every request, then answers 304 on a matching If-None-Match or 200 with the very
 * bytes (and Content-Encoding) the app sent. It sends the same headers the app does, with the
 * request id the app would send (the client's when it is sane, else a fresh one). Config from the
 * environment: PORT, JWT_SECRET, BODY_FILE, ETAG, ENCODING.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const env = process.env;
const secret = env.JWT_SECRET ?? '';
const body = readFileSync(env.BODY_FILE ?? '');
const etag = env.ETAG ?? '';
const encoding = env.ENCODING ?? '';
const health = Buffer.from(JSON.stringify({ status: 'ok' }));

function tokenValid(authorization: string | undefined): boolean {
  const m = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec((authorization ?? '').trim());
  const parts = m?.[1]?.split('.');
  if (parts?.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const p = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    iss?: string;
    aud?: string;
    exp?: number;
  };
  return (
    h.alg === 'HS256' &&
    p.iss === 'comanda' &&
    p.aud === 'comanda-api' &&
    typeof p.exp === 'number' &&
    p.exp > Date.now() / 1000
  );
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
/** As the app: the client's X-Request-Id when it is a sane one, else a fresh one. */
const common = (req: IncomingMessage, res: ServerResponse) => {
  const incoming = req.headers['x-request-id'];
  const id =
    typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  res.setHeader('x-content-type-options', 'nosniff');
};

const server = createServer((req, res) => {
  common(req, res);
  if (req.url === '/healthz') {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(health.byteLength),
    });
    res.end(health);
    return;
  }
  if (!tokenValid(req.headers.authorization)) {
    res.writeHead(401, { 'content-type': 'application/problem+json' });
    res.end('{}');
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, no-cache',
    vary: 'Accept-Encoding, Authorization',
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.byteLength);
  res.writeHead(200, headers);
  res.end(body);
});

server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
