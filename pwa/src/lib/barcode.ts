/**
 * A keyboard-wedge barcode scanner "types" the code and Enter, far faster than a person. This
 * buffer turns key events into scanned codes: digits (and letters for Code 128) that arrive
 * less than `gapMs` apart, then Enter, with at least `minLength` characters. A slow typist's
 * digits are dropped, so typing on the page never adds products by accident.
 */
export class WedgeBuffer {
  private chars = '';
  private last = 0;

  constructor(
    private readonly gapMs = 80,
    private readonly minLength = 6,
  ) {}

  /** Feeds one key; answers the code when this key (Enter) completes a scan. */
  push(key: string, at: number): string | null {
    if (at - this.last > this.gapMs) this.chars = '';
    this.last = at;
    if (key === 'Enter') {
      const code = this.chars;
      this.chars = '';
      return code.length >= this.minLength ? code : null;
    }
    if (/^[0-9A-Za-z-]$/.test(key)) this.chars += key;
    else this.chars = '';
    return null;
  }
}

/** Whether a code typed into the search box looks like a barcode (EAN/UPC: 8–14 digits). */
export function looksLikeBarcode(text: string): boolean {
  return /^\d{8,14}$/.test(text.trim());
}
