import { describe, expect, it } from 'vitest';
import { looksLikeBarcode, WedgeBuffer } from './barcode';

const feed = (b: WedgeBuffer, text: string, start: number, step: number) => {
  let out: string | null = null;
  [...text, 'Enter'].forEach((k, i) => {
    out = b.push(k, start + i * step);
  });
  return out;
};

describe('WedgeBuffer', () => {
  it('a fast burst of digits and Enter is a scan', () => {
    expect(feed(new WedgeBuffer(), '4006381333931', 1000, 5)).toBe('4006381333931');
  });
  it('a person typing slowly is not a scan', () => {
    expect(feed(new WedgeBuffer(), '4006381333931', 1000, 200)).toBeNull();
  });
  it('too short a burst is not a scan, and the buffer starts over after Enter', () => {
    const b = new WedgeBuffer();
    expect(feed(b, '123', 1000, 5)).toBeNull();
    expect(feed(b, '12345678', 1100, 5)).toBe('12345678');
  });
  it('a pause resets the buffer: only the digits after it count', () => {
    const b = new WedgeBuffer();
    b.push('9', 0);
    b.push('9', 5);
    expect(feed(b, '12345678', 1000, 5)).toBe('12345678');
  });
});

describe('looksLikeBarcode', () => {
  it('EAN-8 to 14 digits', () => {
    expect(looksLikeBarcode('40063813')).toBe(true);
    expect(looksLikeBarcode(' 4006381333931 ')).toBe(true);
    expect(looksLikeBarcode('latte')).toBe(false);
    expect(looksLikeBarcode('1234')).toBe(false);
  });
});
