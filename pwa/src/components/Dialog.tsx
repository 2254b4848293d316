import { createUniqueId, type JSX, onCleanup, onMount, type ParentProps } from 'solid-js';

/**
 * A modal dialog on the native <dialog>: focus moves into it and stays there, Escape closes it,
 * and it is named by its title for screen readers.
 */
export function Dialog(
  props: ParentProps<{ title: string; onClose(): void; class?: string; footer?: JSX.Element }>,
) {
  let el!: HTMLDialogElement;
  const titleId = createUniqueId();
  onMount(() => {
    if (typeof el.showModal === 'function' && !el.open) el.showModal();
    else el.setAttribute('open', '');
  });
  onCleanup(() => el?.open && el.close?.());
  return (
    <dialog
      ref={el}
      class={`dialog ${props.class ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="btn ghost" aria-label="Close" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <div class="dialog-body">{props.children}</div>
      {props.footer ? <footer class="dialog-foot">{props.footer}</footer> : null}
    </dialog>
  );
}
