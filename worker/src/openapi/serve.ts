import { Hono } from 'hono';
import type { AppEnv } from '../common/env';
import { type Json, openApiDocument } from './document';
import { renderReference } from './html';
import { documentInfo } from './info';
import { routeDocs } from './routes/index';

let cached: { doc: Json; json: string; html: string } | undefined;

/** Built once per process (or isolate) on first use: it depends on the code only. */
export function apiDescription(): { doc: Json; json: string; html: string } {
  if (!cached) {
    const doc = openApiDocument(routeDocs, documentInfo);
    cached = { doc, json: JSON.stringify(doc), html: renderReference(doc) };
  }
  return cached;
}

/** GET /api/v1/openapi.json and GET /api/docs, mounted at the root by createApp. */
export const apiDocs = new Hono<AppEnv>();

apiDocs.get('/api/v1/openapi.json', (c) =>
  c.body(apiDescription().json, 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache',
    'Access-Control-Allow-Origin': '*',
  }),
);

apiDocs.get('/api/docs', (c) =>
  c.body(apiDescription().html, 200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-cache',
    // The page is static: no script at all, its styles inline.
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'X-Content-Type-Options': 'nosniff',
  }),
);
