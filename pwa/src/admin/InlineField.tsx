import { createSignal, createUniqueId, Show } from 'solid-js';
import { fieldErrors } from './form';

/**
 * One value edited in place in a list: Enter or leaving the field saves, Escape puts the saved
 * value back. A refusal (the field's own check, or the API's) shows in words under the field and
 * keeps what was typed, so it can be corrected.
 */
export function InlineField(props: {
  /** The accessible name, e.g. "Price of Espresso". */
  label: string;
  /** The saved value as text. */
  value: string;
  /** The API field, to pick its message out of a refusal. */
  field: string;
  /** Why the text cannot be saved, in words; null when it can. */
  check?: (text: string) => string | null;
  save(text: string): Promise<void>;
  inputMode?: 'decimal' | 'numeric' | 'text';
  class?: string;
  maxLength?: number;
}) {
  const id = createUniqueId();
  // null: show the saved value; a string: what is being typed.
  const [draft, setDraft] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const text = () => draft() ?? props.value;

  const commit = async () => {
    const t = draft();
    if (t === null || busy()) return;
    if (t.trim() === props.value) {
      setDraft(null);
      setError(null);
      return;
    }
    const why = props.check?.(t.trim()) ?? null;
    if (why) {
      setError(why);
      return;
    }
    setBusy(true);
    try {
      await props.save(t.trim());
      setDraft(null);
      setError(null);
    } catch (e) {
      const errs = fieldErrors(e);
      setError(errs[props.field] ?? Object.values(errs)[0] ?? String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span class={`inline-field ${props.class ?? ''}`}>
      <input
        value={text()}
        aria-label={props.label}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={error() ? `${id}-error` : undefined}
        aria-busy={busy() ? 'true' : undefined}
        inputMode={props.inputMode ?? 'text'}
        maxLength={props.maxLength}
        enterkeyhint="done"
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          } else if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
        onBlur={() => void commit()}
      />
      <Show when={error()}>
        <span class="field-error" id={`${id}-error`} role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}
