import { describe, expect, it } from 'vitest';
import { type Api, newTenant } from '../test/client';

export interface DeliveryTarget {
  api: Api;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types
type Json = Record<string, any>;
const v1 = (p: string) => `/api/v1${p}`;

async function created(res: Response): Promise<Json> {
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as Json;
}

/** A tenant with one category, two products (one with allergens and labels) and a table. */
async function cafe(api: Api) {
  const t = await newTenant(api, { name: 'Café <Bleu>' });
  const rate = await created(
    await api.json('POST', v1('/tax-rates'), { name: 'Std', rate_bp: 1900 }, t.token),
  );
  const cat = await created(
    await api.json('POST', v1('/categories'), { name: 'Pastries' }, t.token),
  );
  const product = async (body: Json) =>
    api.json(
      'POST',
      v1('/products'),
      { category_id: cat.id, tax_rate_id: rate.id, ...body },
      t.token,
    );
  const tart = await created(await product({ name: 'Apricot Tart', price: 350 }));
  // allergens and labels are optional product fields: a server without them still serves the menu.
  const withTags = await product({
    name: 'Almond Cake',
    price: 420,
    allergens: ['nuts', 'eggs'],
    labels: ['vegetarian'],
  });
  const cake =
    withTags.status === 201
      ? await withTags.json()
      : await created(await product({ name: 'Almond Cake', price: 420 }));
  const table = await created(await api.json('POST', v1('/tables'), { name: 'Patio 4' }, t.token));
  return { t, tart, cake: cake as Json, table };
}

const scriptSrc = (csp: string) => /script-src ([^;]*)/.exec(csp)?.[1] ?? '';

function expectSecureHtml(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(scriptSrc(csp)).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

/** The guest page, its 404 and the headers of HTML and JSON answers, on every runtime. */
export function deliveryContract(target: () => DeliveryTarget) {
  const api = () => target().api;

  describe('the server-rendered guest page', () => {
    it('answers /t/{qr_token} with the tenant, table and menu in the HTML, under a strict CSP', async () => {
      const { tart, table } = await cafe(api());
      const res = await api().fetch(`/t/${table.qr_token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expectSecureHtml(res);
      // The one inline script (Solid's hydration bootstrap) is admitted by hash, nothing else.
      expect(scriptSrc(res.headers.get('content-security-policy')!)).toMatch(
        /^'self' 'sha256-[A-Za-z0-9+/=]+'$/,
      );
      const html = await res.text();
      expect(html).toContain('Café &lt;Bleu&gt;'); // escaped, never markup
      expect(html).toContain('Table Patio 4');
      expect(html).toContain('Pastries');
      expect(html).toContain(tart.name);
      expect(html).toMatch(/€\s?3\.50|3,50\s?€/);
      expect(html).toContain('href="#cat-'); // category chips are links: they work without JS
      // Markup from the component (hydration keys), the menu as inert data, the entry as a file.
      expect(html).toMatch(/data-hk=/);
      expect(html).toMatch(/<script type="application\/json" id="guest-data">/);
      expect(html).toMatch(/<script type="module" src="\/assets\/[^"]+\.js"[^>]*><\/script>/);
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline.filter((attrs) => !/type="application\/json"/.test(attrs!))).toHaveLength(1);
    });

    it('shows allergens and labels with a legend when products carry them', async () => {
      const { cake, table } = await cafe(api());
      if (!cake.allergens) return; // this server's catalog has no allergen fields yet
      const html = await (await api().fetch(`/t/${table.qr_token}`)).text();
      expect(html).toContain('aria-label="Nuts"');
      expect(html).toContain('aria-label="Eggs"');
      expect(html).toContain('Vegetarian');
      expect(html).toContain('Allergens and labels');
    });

    it('revalidates with its ETag (304) until the catalog changes', async () => {
      const { t, tart, table } = await cafe(api());
      const first = await api().fetch(`/t/${table.qr_token}`);
      const etag = first.headers.get('etag')!;
      expect(etag).toBeTruthy();
      const again = await api().fetch(`/t/${table.qr_token}`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      const patched = await api().json(
        'PATCH',
        v1(`/products/${tart.id}`),
        { price: 375 },
        t.token,
      );
      expect(patched.status).toBe(200);
      const changed = await api().fetch(`/t/${table.qr_token}`, {
        headers: { 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await changed.text()).toMatch(/3\.75|3,75/);
    });

    it('answers an unknown or rotated code with a 404 page in words', async () => {
      const { t, table } = await cafe(api());
      const rotated = await api().json(
        'POST',
        v1(`/tables/${table.id}/rotate-qr`),
        undefined,
        t.token,
      );
      expect(rotated.status).toBe(200);
      for (const token of [table.qr_token, 'A'.repeat(32), 'not-a-token', '%00', '..%2F..']) {
        const res = await api().fetch(`/t/${token}`);
        expect(res.status, token).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expectSecureHtml(res);
        const html = await res.text();
        expect(html).toContain('This QR code is no longer valid');
        expect(html).not.toContain('<script');
      }
      const fresh = (await (
        await api().json('GET', v1(`/tables/${table.id}`), undefined, t.token)
      ).json()) as Json;
      expect((await api().fetch(`/t/${fresh.qr_token}`)).status).toBe(200);
    });
  });

  describe('headers', () => {
    it('marks JSON answers and problems nosniff', async () => {
      for (const path of ['/healthz', v1('/me'), v1('/no-such-route')]) {
        const res = await api().fetch(path);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      }
    });

    it('serves the app shell with the CSP, and hashed assets immutable', async () => {
      const shell = await api().fetch('/', { headers: { accept: 'text/html' } });
      expect(shell.status).toBe(200);
      expectSecureHtml(shell);
      expect(shell.headers.get('cache-control')).toBe('no-cache');
      expect(scriptSrc(shell.headers.get('content-security-policy')!)).toBe("'self'");
      const html = await shell.text();
      const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(entry).toBeTruthy();
      const js = await api().fetch(entry!);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      for (const path of ['/sw.js', '/manifest.webmanifest']) {
        const res = await api().fetch(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('cache-control'), path).toBe('no-cache');
      }
      // A client route reloads into the shell; the SPA fallback carries the CSP too.
      const route = await api().fetch('/pos', { headers: { accept: 'text/html' } });
      expect(route.status).toBe(200);
      expectSecureHtml(route);
    });

    it('revalidates static files with their ETag (304)', async () => {
      const first = await api().fetch('/sw.js');
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      const again = await api().fetch('/sw.js', { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
    });
  });
}
