import type { Platform, StreamEvent } from '../platform';

/**
 * Hands committed events to the hub. Called only after commit resolves; a lost publish costs
 * latency, never data (screens catch up from the events table by seq), so it never fails a request.
 */
export async function publishCommitted(
  platform: Platform,
  tenantId: string,
  events: StreamEvent[],
) {
  if (!events.length) return;
  try {
    await platform.hub.publish(tenantId, events);
  } catch (e) {
    console.warn(
      `hub publish failed for tenant ${tenantId}: ${e instanceof Error ? e.message : e}`,
    );
  }
}
