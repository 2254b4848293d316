import { For, Show } from 'solid-js';

export interface Bar {
  label: string;
  value: number;
}

const W = 380;
const ROW = 26;
const LABEL = 120;
const VALUE = 80;

/**
 * A horizontal bar chart in inline SVG (no chart library): one bar per row, the label on the
 * left, the formatted value on the right. Negative values (a day of refunds) draw no bar.
 */
export function BarChart(props: { title: string; bars: Bar[]; format(v: number): string }) {
  const max = () => Math.max(1, ...props.bars.map((b) => b.value));
  const width = (v: number) => Math.max(0, (v / max()) * (W - LABEL - VALUE - 8));
  const height = () => Math.max(1, props.bars.length) * ROW + 4;
  return (
    <figure class="chart card">
      <figcaption>
        <h2>{props.title}</h2>
      </figcaption>
      <Show when={props.bars.length > 0} fallback={<p class="muted">No sales in this range.</p>}>
        <svg
          viewBox={`0 0 ${W} ${height()}`}
          width="100%"
          role="img"
          aria-label={`${props.title}: ${props.bars.map((b) => `${b.label} ${props.format(b.value)}`).join(', ')}`}
        >
          <For each={props.bars}>
            {(b, i) => (
              <g transform={`translate(0 ${i() * ROW + 2})`}>
                <text x={LABEL - 6} y={ROW / 2 + 4} text-anchor="end" class="chart-label">
                  {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
                </text>
                <rect x={LABEL} y={4} width={width(b.value)} height={ROW - 8} rx={3} class="bar" />
                <text x={LABEL + width(b.value) + 6} y={ROW / 2 + 4} class="chart-label">
                  {props.format(b.value)}
                </text>
              </g>
            )}
          </For>
        </svg>
      </Show>
    </figure>
  );
}
