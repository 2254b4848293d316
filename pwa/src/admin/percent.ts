/**
 * A tax rate as an owner writes it ("19", "7.5", "5,5") → basis points (1900, 750, 550); null
 * when it is not a percentage from 0 to 100 with at most two decimals.
 */
export function percentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

/** Basis points → the percentage as written back ("19", "7.5"). */
export const bpToPercent = (bp: number) => String(bp / 100);
