/**
 * How the guest menu shows allergens and labels. Allergens carry the letter codes many EU menus
 * print (A gluten … R molluscs, as Austrian menus do), explained by a legend under the menu; the
 * EU requires the information (Regulation 1169/2011), not a particular symbol.
 */
export const ALLERGENS: Record<string, { code: string; name: string }> = {
  gluten: { code: 'A', name: 'Gluten' },
  crustaceans: { code: 'B', name: 'Crustaceans' },
  eggs: { code: 'C', name: 'Eggs' },
  fish: { code: 'D', name: 'Fish' },
  peanuts: { code: 'E', name: 'Peanuts' },
  soy: { code: 'F', name: 'Soy' },
  milk: { code: 'G', name: 'Milk' },
  nuts: { code: 'H', name: 'Nuts' },
  celery: { code: 'L', name: 'Celery' },
  mustard: { code: 'M', name: 'Mustard' },
  sesame: { code: 'N', name: 'Sesame' },
  sulphites: { code: 'O', name: 'Sulphites' },
  lupin: { code: 'P', name: 'Lupin' },
  molluscs: { code: 'R', name: 'Molluscs' },
};

export const LABELS: Record<string, string> = {
  vegan: 'Vegan',
  vegetarian: 'Vegetarian',
  gluten_free: 'Gluten-free',
  spicy: 'Spicy',
  halal: 'Halal',
};

/** Known codes only, in legend order (an unknown code from a newer server is skipped). */
export function allergensOf(codes: readonly string[] | undefined) {
  const set = new Set(codes ?? []);
  return Object.entries(ALLERGENS)
    .filter(([k]) => set.has(k))
    .map(([key, a]) => ({ key, ...a }));
}

export function labelsOf(codes: readonly string[] | undefined) {
  const set = new Set(codes ?? []);
  return Object.entries(LABELS)
    .filter(([k]) => set.has(k))
    .map(([key, name]) => ({ key, name }));
}

/** Case- and accent-insensitive match on name and description. */
export function matches(query: string, ...texts: (string | null | undefined)[]): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(query.trim());
  return !q || texts.some((t) => !!t && fold(t).includes(q));
}

/** Menus longer than this get a search field. */
export const SEARCH_FROM = 30;
