/**
 * Allergen and label codes of products, without zod, so the PWA can import the lists (and their
 * words) without pulling the server's validation into its bundle.
 */

/** The 14 allergens EU Regulation 1169/2011 (Annex II) requires a food seller to declare. */
export const ALLERGENS = [
  'gluten',
  'crustaceans',
  'eggs',
  'fish',
  'peanuts',
  'soy',
  'milk',
  'nuts',
  'celery',
  'mustard',
  'sesame',
  'sulphites',
  'lupin',
  'molluscs',
] as const;
export type Allergen = (typeof ALLERGENS)[number];
export const LABELS = ['vegan', 'vegetarian', 'gluten_free', 'spicy', 'halal'] as const;
export type Label = (typeof LABELS)[number];

/** Words for the codes, as staff and guests read them. */
export const ALLERGEN_NAMES: Record<Allergen, string> = {
  gluten: 'Gluten',
  crustaceans: 'Crustaceans',
  eggs: 'Eggs',
  fish: 'Fish',
  peanuts: 'Peanuts',
  soy: 'Soy',
  milk: 'Milk',
  nuts: 'Tree nuts',
  celery: 'Celery',
  mustard: 'Mustard',
  sesame: 'Sesame',
  sulphites: 'Sulphites',
  lupin: 'Lupin',
  molluscs: 'Molluscs',
};
export const LABEL_NAMES: Record<Label, string> = {
  vegan: 'Vegan',
  vegetarian: 'Vegetarian',
  gluten_free: 'Gluten-free',
  spicy: 'Spicy',
  halal: 'Halal',
};
