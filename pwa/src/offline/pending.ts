import type { OutboxItem } from './outbox';

const NOUNS: Record<OutboxItem['kind'], [string, string]> = {
  order: ['order', 'orders'],
  payment: ['payment', 'payments'],
  lines: ['round', 'rounds'],
  discount: ['discount', 'discounts'],
  action: ['table change', 'table changes'],
};

/**
 * What waits in the outbox, by kind: "1 order and 1 payment waiting", never "2 orders" for an
 * order and its payment. Refused items are counted apart by the caller.
 */
export function pendingSummary(items: Pick<OutboxItem, 'kind'>[]): string {
  if (items.length === 0) return '';
  const counts = new Map<OutboxItem['kind'], number>();
  for (const i of items) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const parts = (['order', 'lines', 'discount', 'payment', 'action'] as const)
    .filter((k) => counts.get(k))
    .map((k) => {
      const n = counts.get(k)!;
      return `${n} ${NOUNS[k][n === 1 ? 0 : 1]}`;
    });
  const list =
    parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} pending`;
}
