import { describe, expect, it } from 'vitest';
import { ALLERGENS, allergensOf, labelsOf, matches } from './allergens';

describe('guest menu allergens and search', () => {
  it('covers the 14 EU allergens, each with its own letter', () => {
    expect(Object.keys(ALLERGENS)).toHaveLength(14);
    const letters = Object.values(ALLERGENS).map((a) => a.code);
    expect(new Set(letters).size).toBe(14);
  });

  it('lists known allergens in legend order and skips unknown codes', () => {
    expect(allergensOf(['milk', 'gluten', 'plutonium']).map((a) => a.code)).toEqual(['A', 'G']);
    expect(allergensOf(undefined)).toEqual([]);
    expect(labelsOf(['spicy', 'vegan']).map((l) => l.name)).toEqual(['Vegan', 'Spicy']);
  });

  it('matches the query in name or description, ignoring case and accents', () => {
    expect(matches('creme', 'Crème brûlée')).toBe(true);
    expect(matches('LATTE', 'Chai latte')).toBe(true);
    expect(matches('oat', 'Cappuccino', 'with oat milk')).toBe(true);
    expect(matches('tea', 'Espresso', null)).toBe(false);
    expect(matches('  ', 'anything')).toBe(true);
  });
});
