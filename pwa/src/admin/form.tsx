import { createSignal, type JSX, Show } from 'solid-js';
import { ApiError } from '../api/client';

/** A problem `type` suffix (a 409's reason) → the field it concerns and the words shown there. */
export type Conflicts = Record<string, readonly [field: string, message: string]>;

/**
 * A refused request → the words shown under each field: the problem's `errors[].path` name the
 * fields, known conflicts (`conflicts`, by type suffix) name theirs; anything else goes to `form`.
 */
export function fieldErrors(e: unknown, conflicts: Conflicts = {}): Record<string, string> {
  if (!(e instanceof ApiError)) return { form: String(e) };
  const body = e.body as { errors?: { path: string; message: string }[]; type?: string };
  const out: Record<string, string> = {};
  for (const err of body.errors ?? []) {
    const field = err.path.split('.')[0] || 'form';
    out[field] =
      err.message === 'names no object of this tenant' ? 'Choose one from the list.' : err.message;
  }
  for (const [suffix, [field, message]] of Object.entries(conflicts)) {
    if (body.type?.endsWith(suffix)) out[field] = message;
  }
  if (!Object.keys(out).length) out.form = e.message;
  return out;
}

/**
 * The state of one admin form: errors by field, whether it is saving, and `submit`, which shows
 * the form's own checks without a request, else sends and maps a refusal to the fields.
 * `prefix` keeps the error ids of two forms on one page apart.
 */
export function createFormState(prefix: string, conflicts: Conflicts = {}) {
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [saving, setSaving] = createSignal(false);
  const id = (field: string) => `${prefix}-err-${field}`;

  const submit = async (local: Record<string, string>, send: () => Promise<void>) => {
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      await send();
    } catch (e) {
      setErrors(fieldErrors(e, conflicts));
    } finally {
      setSaving(false);
    }
  };

  /** Attributes that tie a control to its error, for screen readers. */
  const invalid = (field: string) => ({
    'aria-invalid': errors()[field] ? ('true' as const) : undefined,
    'aria-describedby': errors()[field] ? id(field) : undefined,
  });

  /** The error under a field, in words; nothing while the field is fine. */
  const error = (field: string): JSX.Element => (
    <Show when={errors()[field]}>
      <span class="field-error" id={id(field)}>
        {errors()[field]}
      </span>
    </Show>
  );

  /** The error that concerns no one field, above the form. */
  const formError = (): JSX.Element => (
    <Show when={errors().form}>
      <p class="error" role="alert">
        {errors().form}
      </p>
    </Show>
  );

  return { errors, setErrors, saving, submit, invalid, error, formError };
}
