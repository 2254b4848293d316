import { For, Show } from 'solid-js';

/** "S3 · course 2": where a line goes and when; the course only when the order has several. */
export function lineTags(l: { seat?: number | null; course?: number }, courses: boolean): string {
  const parts: string[] = [];
  if (l.seat) parts.push(`S${l.seat}`);
  if (courses && l.course !== undefined) parts.push(`course ${l.course}`);
  return parts.join(' · ');
}

/**
 * The lines of an order with their kitchen status as words (queued, preparing, ready, served),
 * and each line's seat and course when the order uses them.
 */
export function LineStatuses(props: {
  lines: {
    id: string;
    quantity: number;
    name: string;
    status: string;
    seat?: number | null;
    course?: number;
  }[];
}) {
  // Courses matter once some line is not in the first: a one-course order shows none.
  const courses = () => props.lines.some((l) => (l.course ?? 1) > 1);
  return (
    <ul>
      <For each={props.lines}>
        {(l) => (
          <li>
            <span>
              {l.quantity}× {l.name}
              <Show when={lineTags(l, courses())}>
                {(tags) => <span class="line-tags"> · {tags()}</span>}
              </Show>
            </span>
            <span class={`pill status-${l.status}`}>{l.status}</span>
          </li>
        )}
      </For>
    </ul>
  );
}
