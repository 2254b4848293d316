import { createResource, Show } from 'solid-js';

/** A QR code of `text`, drawn on the device (the qrcode library is loaded only when needed). */
export function QrCode(props: { text: string; label: string; size?: number }) {
  const [svg] = createResource(
    () => props.text,
    async (text) => {
      const QR = (await import('qrcode')).default;
      return QR.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    },
  );
  return (
    <Show when={svg()} fallback={<div class="qr placeholder" aria-busy="true" />}>
      <div
        class="qr"
        role="img"
        aria-label={props.label}
        style={{ width: `${props.size ?? 240}px` }}
        innerHTML={svg()}
      />
    </Show>
  );
}
