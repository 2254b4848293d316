import { createSignal, Show } from 'solid-js';
import { Payment } from './Payment';
import { SplitBill } from './SplitBill';

/**
 * Paying a table's bill, split or whole: the payment dialog, its "By item or seat…" action, and the
 * split screen with a Pay button per bill. While a bill is being paid the split screen stays open
 * underneath, so "Done" returns to its list of bills for the next part.
 */
export function PayFlow(props: {
  orderId: string;
  /** Open on the split screen instead of the payment dialog (the floor's "Split #N"). */
  split?: boolean;
  onClose(): void;
  onActions?(orderId: string): void;
}) {
  const [paying, setPaying] = createSignal<{ id: string; amount?: number } | null>(
    props.split ? null : { id: props.orderId },
  );
  const [splitting, setSplitting] = createSignal<string | null>(props.split ? props.orderId : null);

  const closePayment = () => {
    setPaying(null);
    if (!splitting()) props.onClose();
  };

  return (
    <>
      <Show when={splitting()}>
        {(id) => (
          <SplitBill
            orderId={id()}
            onClose={() => {
              setSplitting(null);
              props.onClose();
            }}
            onPay={(oid, amount) => setPaying({ id: oid, amount })}
          />
        )}
      </Show>
      {/* Keyed: paying another bill is a fresh payment dialog, not the last one's state. */}
      <Show when={paying()} keyed>
        {(p) => (
          <Payment
            orderId={p.id}
            amount={p.amount}
            onClose={closePayment}
            onActions={props.onActions ? () => props.onActions?.(p.id) : undefined}
            onSplit={
              splitting()
                ? undefined
                : () => {
                    setSplitting(p.id);
                    setPaying(null);
                  }
            }
          />
        )}
      </Show>
    </>
  );
}
