import type { Api } from './client';

async function post<T>(api: Api, token: string, path: string, body: unknown): Promise<T> {
  const res = await api.json('POST', `/api/v1${path}`, body, token);
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Menu {
  reduced: { id: string };
  standard: { id: string };
  coffee: { id: string; price: number };
  cake: { id: string; price: number };
  water: { id: string; price: number };
  size: { id: string; modifiers: { id: string; name: string; price_delta: number }[] };
  extras: { id: string; modifiers: { id: string; name: string; price_delta: number }[] };
  table: { id: string; qr_token: string };
}

/**
 * A small café menu built through the catalog API, as an owner would: 7 % and 19 % tax, a coffee
 * with a required size (exactly one) and up to two extras, a cake, a water, and one table.
 */
export async function buildMenu(api: Api, ownerToken: string): Promise<Menu> {
  const reduced = await post<{ id: string }>(api, ownerToken, '/tax-rates', {
    name: 'Reduced',
    rate_bp: 700,
  });
  const standard = await post<{ id: string }>(api, ownerToken, '/tax-rates', {
    name: 'Standard',
    rate_bp: 1900,
  });
  const size = await post<Menu['size']>(api, ownerToken, '/modifier-groups', {
    name: 'Size',
    min: 1,
    max: 1,
    modifiers: [
      { name: 'Small', price_delta: 0 },
      { name: 'Large', price_delta: 80 },
    ],
  });
  const extras = await post<Menu['extras']>(api, ownerToken, '/modifier-groups', {
    name: 'Extras',
    min: 0,
    max: 2,
    modifiers: [
      { name: 'Extra shot', price_delta: 50 },
      { name: 'Oat milk', price_delta: 30 },
      { name: 'Syrup', price_delta: 40 },
    ],
  });
  const coffee = await post<Menu['coffee']>(api, ownerToken, '/products', {
    name: 'Cappuccino',
    price: 350,
    tax_rate_id: standard.id,
    takeaway_tax_rate_id: reduced.id,
    modifier_group_ids: [size.id, extras.id],
  });
  const cake = await post<Menu['cake']>(api, ownerToken, '/products', {
    name: 'Cheesecake',
    price: 420,
    tax_rate_id: reduced.id,
  });
  const water = await post<Menu['water']>(api, ownerToken, '/products', {
    name: 'Water',
    price: 199,
    tax_rate_id: standard.id,
  });
  const table = await post<Menu['table']>(api, ownerToken, '/tables', {
    name: `T${Math.floor(Math.random() * 1e6)}`,
    seats: 4,
  });
  return { reduced, standard, coffee, cake, water, size, extras, table };
}
