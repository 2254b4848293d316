import type { Sql } from '../db/client';
import type { Allergen, Label } from './schemas';
import {
  bumpVersion,
  insertCategory,
  insertModifierGroup,
  insertModifiers,
  insertProduct,
  insertTaxRate,
  setProductGroups,
} from './store';

type Group = 'size' | 'milk' | 'extras' | 'bread';
interface DemoProduct {
  name: string;
  price: number;
  description?: string;
  groups?: Group[];
  sku?: string;
  barcode?: string;
  available?: boolean;
  allergens?: Allergen[];
  labels?: Label[];
  /** Food: 19 % eating in, 7 % to take away. Drinks: 19 % either way (milk drinks 7 % to go). */
  kind: 'drink' | 'milk-drink' | 'food';
}

const menu: { category: string; products: DemoProduct[] }[] = [
  {
    category: 'Coffee',
    products: [
      { name: 'Espresso', price: 220, groups: ['extras'], kind: 'drink' },
      { name: 'Double Espresso', price: 290, groups: ['extras'], kind: 'drink' },
      { name: 'Americano', price: 290, groups: ['size', 'extras'], kind: 'drink' },
      { name: 'Filter Coffee', price: 280, groups: ['size', 'milk'], kind: 'drink' },
      { name: 'Cortado', price: 320, groups: ['milk'], kind: 'milk-drink' },
      { name: 'Cappuccino', price: 340, groups: ['size', 'milk', 'extras'], kind: 'milk-drink' },
      { name: 'Café Latte', price: 370, groups: ['size', 'milk', 'extras'], kind: 'milk-drink' },
      {
        name: 'Latte Macchiato',
        price: 380,
        groups: ['size', 'milk', 'extras'],
        kind: 'milk-drink',
      },
      { name: 'Flat White', price: 390, groups: ['milk', 'extras'], kind: 'milk-drink' },
      { name: 'Mocha', price: 410, groups: ['size', 'milk', 'extras'], kind: 'milk-drink' },
    ],
  },
  {
    category: 'Tea & Chocolate',
    products: [
      { name: 'Black Tea', price: 280, description: 'Assam, loose leaf', kind: 'drink' },
      { name: 'Green Tea', price: 280, description: 'Sencha', kind: 'drink' },
      { name: 'Fresh Mint Tea', price: 300, labels: ['vegan'], kind: 'drink' },
      { name: 'Chai Latte', price: 390, groups: ['size', 'milk'], kind: 'milk-drink' },
      { name: 'Matcha Latte', price: 420, groups: ['size', 'milk'], kind: 'milk-drink' },
      { name: 'Hot Chocolate', price: 360, groups: ['size', 'milk', 'extras'], kind: 'milk-drink' },
    ],
  },
  {
    category: 'Cold Drinks',
    products: [
      {
        name: 'Still Water 0.5 l',
        price: 250,
        sku: 'WAT-STILL',
        barcode: '4001513007704',
        kind: 'drink',
      },
      {
        name: 'Sparkling Water 0.5 l',
        price: 250,
        sku: 'WAT-SPARK',
        barcode: '4001513000507',
        kind: 'drink',
      },
      { name: 'Cola 0.33 l', price: 320, sku: 'COLA-033', barcode: '5449000000996', kind: 'drink' },
      { name: 'Apple Spritzer 0.4 l', price: 320, kind: 'drink' },
      { name: 'Fresh Orange Juice', price: 420, description: 'Squeezed to order', kind: 'drink' },
      {
        name: 'Homemade Lemonade',
        price: 390,
        description: 'Lemon, ginger and mint',
        kind: 'drink',
      },
      { name: 'Iced Latte', price: 420, groups: ['milk', 'extras'], kind: 'milk-drink' },
    ],
  },
  {
    category: 'Breakfast',
    products: [
      {
        name: 'Croissant with Butter & Jam',
        price: 390,
        allergens: ['gluten', 'milk', 'eggs'],
        labels: ['vegetarian'],
        kind: 'food',
      },
      {
        name: 'Bircher Muesli',
        price: 620,
        description: 'Oats, apple, yoghurt, berries',
        kind: 'food',
      },
      { name: 'Granola Bowl', price: 590, groups: ['milk'], kind: 'food' },
      {
        name: 'Scrambled Eggs on Toast',
        price: 790,
        groups: ['bread'],
        allergens: ['gluten', 'eggs', 'milk'],
        labels: ['vegetarian'],
        kind: 'food',
      },
      {
        name: 'Avocado Toast',
        price: 890,
        description: 'Chili flakes, lime, poached egg',
        groups: ['bread'],
        kind: 'food',
      },
    ],
  },
  {
    category: 'Sandwiches',
    products: [
      { name: 'Ham & Cheese Sandwich', price: 650, groups: ['bread'], kind: 'food' },
      {
        name: 'Caprese Ciabatta',
        price: 690,
        description: 'Mozzarella, tomato, basil pesto',
        kind: 'food',
      },
      { name: 'Chicken Club', price: 850, groups: ['bread'], kind: 'food' },
      {
        name: 'Vegan Wrap',
        price: 720,
        description: 'Hummus, falafel, roasted vegetables',
        kind: 'food',
      },
    ],
  },
  {
    category: 'Cakes & Pastries',
    products: [
      { name: 'Butter Croissant', price: 240, kind: 'food' },
      { name: 'Cinnamon Roll', price: 340, kind: 'food' },
      { name: 'Blueberry Muffin', price: 320, kind: 'food' },
      { name: 'Chocolate Brownie', price: 350, kind: 'food' },
      { name: 'New York Cheesecake', price: 420, kind: 'food' },
      { name: 'Carrot Cake', price: 420, kind: 'food' },
      {
        name: 'Apple Strudel',
        price: 450,
        description: 'With vanilla sauce',
        available: false,
        kind: 'food',
      },
    ],
  },
];

const groups: Record<
  Group,
  { name: string; min: number; max: number; modifiers: [string, number][] }
> = {
  size: {
    name: 'Size',
    min: 1,
    max: 1,
    modifiers: [
      ['Small', 0],
      ['Medium', 50],
      ['Large', 90],
    ],
  },
  milk: {
    name: 'Milk',
    min: 0,
    max: 1,
    modifiers: [
      ['Whole milk', 0],
      ['Oat milk', 40],
      ['Soy milk', 40],
      ['Lactose-free milk', 30],
    ],
  },
  extras: {
    name: 'Extras',
    min: 0,
    max: 3,
    modifiers: [
      ['Extra shot', 60],
      ['Vanilla syrup', 40],
      ['Caramel syrup', 40],
      ['Whipped cream', 50],
    ],
  },
  bread: {
    name: 'Bread',
    min: 1,
    max: 1,
    modifiers: [
      ['Sourdough', 0],
      ['Wholegrain', 0],
      ['Gluten-free', 80],
    ],
  },
};

/**
 * The demo tenant's café menu (39 products in 6 categories, size/milk/extras/bread modifiers, 7 %
 * and 19 % VAT), written in one catalog version through the same store functions the API uses.
 */
export async function seedDemoCatalog(sql: Sql, tenantId: string): Promise<void> {
  await sql.begin(async (tx) => {
    const version = await bumpVersion(tx, tenantId);
    const reduced = await insertTaxRate(tx, tenantId, version, {
      name: 'Reduced 7 %',
      rate_bp: 700,
      position: 1,
    });
    const standard = await insertTaxRate(tx, tenantId, version, {
      name: 'Standard 19 %',
      rate_bp: 1900,
      position: 0,
    });
    const groupIds = {} as Record<Group, string>;
    for (const [i, [key, g]] of Object.entries(groups).entries()) {
      const id = await insertModifierGroup(tx, tenantId, version, {
        name: g.name,
        min: g.min,
        max: g.max,
        position: i,
      });
      await insertModifiers(
        tx,
        tenantId,
        id,
        g.modifiers.map(([name, price_delta], position) => ({
          name,
          price_delta,
          available: true,
          position,
        })),
      );
      groupIds[key as Group] = id;
    }
    for (const [ci, section] of menu.entries()) {
      const category = await insertCategory(tx, tenantId, version, {
        name: section.category,
        position: ci,
      });
      for (const [pi, p] of section.products.entries()) {
        const id = await insertProduct(tx, tenantId, version, {
          category_id: category.id,
          name: p.name,
          description: p.description ?? null,
          price: p.price,
          tax_rate_id: standard.id,
          takeaway_tax_rate_id: p.kind === 'drink' ? null : reduced.id,
          sku: p.sku ?? null,
          barcode: p.barcode ?? null,
          available: p.available ?? true,
          position: pi,
          // Milk drinks declare milk; the rest declare what their entry names.
          allergens: p.allergens ?? (p.kind === 'milk-drink' ? ['milk'] : []),
          labels: p.labels ?? [],
        });
        if (id === 'sku-taken' || id === 'barcode-taken') throw new Error(`demo menu: ${id}`);
        await setProductGroups(
          tx,
          tenantId,
          id,
          (p.groups ?? []).map((g) => groupIds[g]),
        );
      }
    }
  });
}

/** How many products the demo menu has (the seed test checks it). */
export const DEMO_PRODUCT_COUNT = menu.reduce((n, s) => n + s.products.length, 0);
