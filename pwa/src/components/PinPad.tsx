import { For } from 'solid-js';

/** A PIN pad: big keys, the digits shown as dots, Enter when 4–8 digits are in. */
export function PinPad(props: {
  value: string;
  onChange(v: string): void;
  onEnter(): void;
  label: string;
  busy?: boolean;
}) {
  const press = (k: string) => {
    if (k === 'back') props.onChange(props.value.slice(0, -1));
    else if (k === 'ok') props.onEnter();
    else if (props.value.length < 8) props.onChange(props.value + k);
  };
  return (
    <div class="pinpad">
      <output class="pin-dots" aria-label={`${props.label}: ${props.value.length} digits entered`}>
        {'●'.repeat(props.value.length) || '\u00a0'}
      </output>
      <fieldset class="keypad plain">
        <legend class="sr-only">{props.label}</legend>
        <For each={['1', '2', '3', '4', '5', '6', '7', '8', '9', 'back', '0', 'ok']}>
          {(k) => (
            <button
              type="button"
              class={`btn key${k === 'ok' ? ' primary' : ''}`}
              aria-label={k === 'back' ? 'Delete last digit' : k === 'ok' ? 'Enter PIN' : k}
              disabled={k === 'ok' && (props.value.length < 4 || props.busy)}
              onClick={() => press(k)}
            >
              {k === 'back' ? '⌫' : k === 'ok' ? 'OK' : k}
            </button>
          )}
        </For>
      </fieldset>
    </div>
  );
}
