import { describe, expect, it } from 'vitest';
import { ByteCache, catalogEtag, etagMatches, negotiateEncoding, planSync } from './sync';

describe('planSync', () => {
  it.each([
    [undefined, 10, 0, { kind: 'full', fallback: false }],
    [10, 10, 0, { kind: 'delta', since: 10 }],
    [3, 10, 0, { kind: 'delta', since: 3 }],
    [0, 10, 0, { kind: 'delta', since: 0 }],
    [11, 10, 0, { kind: 'full', fallback: true }],
    [3, 10, 5, { kind: 'full', fallback: true }],
    [5, 10, 5, { kind: 'delta', since: 5 }],
  ])('since %s at version %s (floor %s)', (since, version, floor, plan) => {
    expect(planSync(since, version, floor)).toEqual(plan);
  });
});

describe('ETags', () => {
  it('change with the version, the currency and the price mode', () => {
    const tags = new Set([
      catalogEtag(1, 'EUR', true),
      catalogEtag(2, 'EUR', true),
      catalogEtag(1, 'USD', true),
      catalogEtag(1, 'EUR', false),
    ]);
    expect(tags.size).toBe(4);
    expect(catalogEtag(42, 'EUR', false)).toBe('W/"v42-eur-excl"');
  });

  it('match weakly, in lists and with *', () => {
    const tag = catalogEtag(7, 'EUR', true);
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(tag.replace('W/', ''), tag)).toBe(true);
    expect(etagMatches(`"x", ${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches(catalogEtag(6, 'EUR', true), tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
  });
});

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    [undefined, both, null],
    ['gzip, deflate, br', both, 'br'],
    ['gzip, deflate, br', ['gzip'] as const, 'gzip'],
    ['gzip', both, 'gzip'],
    ['br;q=0, gzip;q=0.5', both, 'gzip'],
    ['gzip;q=0', both, null],
    ['identity', both, null],
    ['*', both, 'br'],
    ['*, br;q=0', both, 'gzip'],
    ['GZIP', both, 'gzip'],
  ])('%s', (header, available, expected) => {
    expect(negotiateEncoding(header, available)).toBe(expected);
  });
});

describe('ByteCache', () => {
  it('evicts the least recently used entries past its budget', () => {
    const cache = new ByteCache(10);
    cache.set('a', new Uint8Array(4));
    cache.set('b', new Uint8Array(4));
    cache.get('a');
    cache.set('c', new Uint8Array(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(8);
    cache.set('huge', new Uint8Array(11));
    expect(cache.get('huge')).toBeUndefined();
    cache.dropPrefix('a');
    expect(cache.size).toBe(4);
  });
});
