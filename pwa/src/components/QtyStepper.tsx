/** "− n +" for a cart line: big touch targets, named after the product for screen readers. */
export function QtyStepper(props: {
  name: string;
  quantity: number;
  onChange(delta: -1 | 1): void;
}) {
  return (
    <>
      <button
        type="button"
        class="btn small"
        aria-label={`Fewer ${props.name}`}
        onClick={() => props.onChange(-1)}
      >
        −
      </button>
      <span>{props.quantity}</span>
      <button
        type="button"
        class="btn small"
        aria-label={`More ${props.name}`}
        onClick={() => props.onChange(1)}
      >
        +
      </button>
    </>
  );
}
