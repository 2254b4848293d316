import type { Context } from 'hono';
import type { AppEnv } from '../common/env';
import { appendEvent } from '../common/events';
import type { Db } from '../db/client';
import type { StreamEvent } from '../platform';
import { bumpVersion } from './store';
import type { CatalogType } from './views';

export interface CatalogChange {
  type: CatalogType;
  id: string;
  op: 'upsert' | 'delete';
}

/**
 * One catalog write: bumps the tenant's catalog version, runs `fn` with it, records a
 * `catalog.changed` event in the same transaction, and publishes the event once committed.
 * Anything `fn` throws rolls all of it back (version included).
 */
export async function catalogWrite<T>(
  c: Context<AppEnv>,
  fn: (tx: Db, version: number) => Promise<{ result: T; changes: CatalogChange[] }>,
): Promise<T> {
  const tenantId = c.get('principal').tenantId;
  const { result, event } = await c.get('sql').begin(async (tx) => {
    const version = await bumpVersion(tx, tenantId);
    const { result, changes } = await fn(tx, version);
    const event = await appendEvent(tx, tenantId, 'catalog.changed', { version, changes });
    return { result, event };
  });
  // This process answers the new version from its next request on; the event tells the others.
  c.get('platform').catalog.changed(tenantId);
  await publish(c, tenantId, [event as StreamEvent]);
  return result as T;
}

/** Publish after commit; a lost publish costs latency only (screens catch up by seq). */
export async function publish(c: Context<AppEnv>, tenantId: string, events: StreamEvent[]) {
  try {
    await c.get('platform').hub.publish(tenantId, events);
  } catch (e) {
    console.warn(`[${c.get('requestId')}] hub publish failed`, e);
  }
}
