import { expect, it } from 'vitest';
import type { Api } from '../test/client';
import { apiDescription } from './serve';

/** The description and the reference, served by the app itself on each runtime (no CDN). */
export function openApiContract(target: () => { api: Api }) {
  it('serves the same OpenAPI 3.1 document the code generates at /api/v1/openapi.json', async () => {
    const res = await target().api.fetch('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(apiDescription().doc);
  });

  it('serves a readable reference at /api/docs: HTML with no script and nothing from outside', async () => {
    const res = await target().api.fetch('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toContain('POST /api/v1/orders/{id}/payments');
    expect(html).toContain('id="schema-Order"');
    expect(html).not.toMatch(/<script|<link|src="http/i);
  });
}
