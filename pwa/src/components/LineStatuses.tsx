import { For } from 'solid-js';

/** The lines of an order with their kitchen status as words (queued, preparing, ready, served). */
export function LineStatuses(props: {
  lines: { id: string; quantity: number; name: string; status: string }[];
}) {
  return (
    <ul>
      <For each={props.lines}>
        {(l) => (
          <li>
            <span>
              {l.quantity}× {l.name}
            </span>
            <span class={`pill status-${l.status}`}>{l.status}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
