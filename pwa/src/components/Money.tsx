import { formatMoney } from '../lib/money';

export function Money(props: { amount: number; currency: string }) {
  return <span class="money">{formatMoney(props.amount, props.currency)}</span>;
}
