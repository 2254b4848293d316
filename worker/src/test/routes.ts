import type { Hono } from 'hono';

export interface RouteInfo {
  method: string;
  path: string;
  /** `METHOD path`, e.g. `POST /api/v1/orders/:id/lines`. */
  key: string;
  params: string[];
}

/**
 * The app's handlers, one entry per method and path: middleware entries (`ALL` and `/*`) are
 * skipped, and the validators and role guards registered before a handler collapse into it.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env
export function appRoutes(app: Hono<any>): RouteInfo[] {
  const seen = new Map<string, RouteInfo>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path.endsWith('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    const params = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
    seen.set(key, { method: r.method, path: r.path, key, params });
  }
  return [...seen.values()];
}

/** Which kind of object a path parameter names: `:id` takes its kind from the segment before it. */
export function paramKind(path: string, param: string): string {
  if (param !== 'id') {
    if (param === 'token') return 'tracking_token';
    return param.replace(/_id$/, '');
  }
  const segments = path.split('/');
  const at = segments.indexOf(`:${param}`);
  const collection = segments[at - 1] ?? '';
  const singular: Record<string, string> = {
    users: 'user',
    devices: 'device',
    orders: 'order',
    categories: 'category',
    'tax-rates': 'tax_rate',
    products: 'product',
    'modifier-groups': 'modifier_group',
    tables: 'table',
    shifts: 'shift',
  };
  return singular[collection] ?? collection.replace(/s$/, '').replace(/-/g, '_');
}

/** Fills a route path with the given parameter values (URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
}
