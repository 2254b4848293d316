/** Tip presets offered on the payment screen, in whole percent. */
export const TIP_PRESETS = [5, 10, 15] as const;

export type TipChoice =
  | { kind: 'none' }
  | { kind: 'percent'; percent: number }
  | { kind: 'custom'; amount: number | null };

/**
 * The tip in minor units for a payment of `amount`: a percentage rounds half up to the minor
 * unit (integers only, no floats); a custom amount is taken as typed (null = not a valid amount).
 */
export function tipFor(choice: TipChoice, amount: number): number | null {
  if (choice.kind === 'none') return 0;
  if (choice.kind === 'custom') return choice.amount;
  return Math.floor((amount * choice.percent * 2 + 100) / 200);
}
