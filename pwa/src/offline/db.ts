import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Catalog } from '../api/types';
import type { OutboxItem, OutboxStore } from './outbox';

/** The POS's IndexedDB: the cached catalog per tenant and the outbox. */
interface ComandaDB extends DBSchema {
  catalog: { key: string; value: { tenant_id: string; etag: string | null; catalog: Catalog } };
  outbox: { key: number; value: OutboxItem };
}

let db: Promise<IDBPDatabase<ComandaDB>> | null = null;

export function openDb(): Promise<IDBPDatabase<ComandaDB>> {
  db ??= openDB<ComandaDB>('comanda', 1, {
    upgrade(d) {
      d.createObjectStore('catalog', { keyPath: 'tenant_id' });
      d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    },
  });
  return db;
}

export async function loadCachedCatalog(tenantId: string) {
  return (await openDb()).get('catalog', tenantId);
}

export async function saveCachedCatalog(tenantId: string, catalog: Catalog, etag: string | null) {
  await (await openDb()).put('catalog', { tenant_id: tenantId, etag, catalog });
}

export const idbOutboxStore: OutboxStore = {
  async all() {
    return (await openDb()).getAll('outbox');
  },
  async add(item) {
    const { seq: _ignored, ...rest } = item;
    return (await openDb()).add('outbox', rest as OutboxItem);
  },
  async put(item) {
    await (await openDb()).put('outbox', item);
  },
  async delete(seq) {
    await (await openDb()).delete('outbox', seq);
  },
};
