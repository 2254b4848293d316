import type { z } from 'zod';
import { importQuery } from '../../catalog/menu-routes';
import {
  catalogResponse,
  categoryResponse,
  modifierGroupResponse,
  productResponse,
  taxRateResponse,
} from '../../catalog/responses';
import {
  catalogQuery,
  createCategory,
  createModifierGroup,
  createProduct,
  createTaxRate,
  patchCategory,
  patchModifierGroup,
  patchProduct,
  patchTaxRate,
  productListQuery,
} from '../../catalog/schemas';
import { listQuery } from '../../common/pagination';
import { pageOf } from '../../common/wire';
import type { RouteDoc } from '../route-doc';
import { MANAGERS, v1 } from './common';

/** The five routes of one catalog collection: list, read, create, change, delete. */
function collection(o: {
  path: string;
  noun: string;
  plural: string;
  item: z.ZodType;
  create: z.ZodType;
  patch: z.ZodType;
  query?: z.ZodType;
  deleteNote: string;
  deleteErrors?: number[];
}): RouteDoc[] {
  const tag = 'Catalog';
  return [
    {
      method: 'GET',
      path: `${v1}/${o.path}`,
      tag,
      summary: `List ${o.plural} (position, then name)`,
      auth: 'bearer',
      query: o.query ?? listQuery,
      responses: { 200: { description: `A page of ${o.plural}.`, schema: pageOf(o.item) } },
    },
    {
      method: 'GET',
      path: `${v1}/${o.path}/:id`,
      tag,
      summary: `One ${o.noun}`,
      auth: 'bearer',
      responses: { 200: { description: `The ${o.noun}.`, schema: o.item } },
    },
    {
      method: 'POST',
      path: `${v1}/${o.path}`,
      tag,
      summary: `Create a ${o.noun}`,
      auth: 'bearer',
      roles: MANAGERS,
      body: o.create,
      responses: { 201: { description: `The ${o.noun}.`, schema: o.item } },
      errors: [409, 422],
    },
    {
      method: 'PATCH',
      path: `${v1}/${o.path}/:id`,
      tag,
      summary: `Change a ${o.noun}`,
      auth: 'bearer',
      roles: MANAGERS,
      body: o.patch,
      responses: { 200: { description: `The ${o.noun} as changed.`, schema: o.item } },
      errors: [409, 422],
    },
    {
      method: 'DELETE',
      path: `${v1}/${o.path}/:id`,
      tag,
      summary: `Delete a ${o.noun}`,
      description: o.deleteNote,
      auth: 'bearer',
      roles: MANAGERS,
      responses: { 204: { description: 'Deleted.' } },
      errors: o.deleteErrors ?? [409],
    },
  ];
}

export const catalogRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: `${v1}/catalog`,
    tag: 'Catalog',
    summary: 'The whole catalog, or the changes since a version',
    description:
      'For offline clients: keep `version`, ask again with `?since=VERSION` for the changes (and ' +
      '`deleted` tombstones). A full answer carries an ETag (If-None-Match → 304) and is served ' +
      'compressed when the client accepts br or gzip.',
    auth: 'bearer',
    query: catalogQuery,
    responses: {
      200: { description: 'The catalog.', schema: catalogResponse },
      304: { description: 'Unchanged since the ETag sent in If-None-Match.' },
    },
  },
  ...collection({
    path: 'categories',
    noun: 'category',
    plural: 'categories',
    item: categoryResponse,
    create: createCategory,
    patch: patchCategory,
    deleteNote: 'Its products stay, without a category.',
  }),
  ...collection({
    path: 'tax-rates',
    noun: 'tax rate',
    plural: 'tax rates',
    item: taxRateResponse,
    create: createTaxRate,
    patch: patchTaxRate,
    deleteNote: 'Refused (409) while a product uses it.',
  }),
  ...collection({
    path: 'products',
    noun: 'product',
    plural: 'products',
    item: productResponse,
    create: createProduct,
    patch: patchProduct,
    query: productListQuery,
    deleteNote: 'Archives it: past orders keep their lines, the product leaves the catalog.',
  }),
  {
    method: 'GET',
    path: `${v1}/catalog/export`,
    tag: 'Catalog',
    summary: 'The menu as CSV (one product a row), which the import reads back unchanged',
    description:
      'Columns name, category, price (major units), rate (percent), sku, barcode, available, ' +
      'allergens, labels, modifier_groups, description. Cells a spreadsheet would run as a ' +
      'formula get a leading apostrophe.',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'The menu.', type: 'text/csv' } },
  },
  {
    method: 'POST',
    path: `${v1}/catalog/import`,
    tag: 'Catalog',
    summary: 'Import a menu CSV (the export’s columns), all rows in one transaction or none',
    description:
      'Separator `,` or `;` detected from the header; a UTF-8 BOM and quoted line breaks are ' +
      'read. Rows match products by sku, else by name within the category; missing categories ' +
      'and rates are created. `?dry_run=true` reports and changes nothing. A file with bad rows ' +
      'answers 422 with per-row errors.',
    auth: 'bearer',
    roles: MANAGERS,
    query: importQuery,
    bodyType: 'text/csv',
    responses: {
      200: {
        description:
          '{dry_run, rows, created, updated, unchanged, categories_created, ' +
          'tax_rates_created, errors: [{row, column, message}], warnings}.',
        type: 'application/json',
      },
    },
    errors: [413, 415, 422],
  },
  {
    method: 'POST',
    path: `${v1}/products/:id/restore`,
    tag: 'Catalog',
    summary: 'Restore an archived product',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'The product.', schema: productResponse } },
    errors: [409],
  },
  {
    method: 'PUT',
    path: `${v1}/products/:id/image`,
    tag: 'Catalog',
    summary: "Upload a product's image (JPEG, PNG or WebP, up to 5 MiB)",
    description:
      'The body is the image itself. It is re-encoded as WebP (≤ 800 px, and a ≤ 200 px ' +
      'thumbnail) without its metadata.',
    auth: 'bearer',
    roles: MANAGERS,
    bodyType: 'image/jpeg',
    responses: {
      200: { description: 'The product with its image URLs.', schema: productResponse },
    },
    errors: [409, 413, 415, 422, 501],
  },
  {
    method: 'DELETE',
    path: `${v1}/products/:id/image`,
    tag: 'Catalog',
    summary: "Remove a product's image",
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 204: { description: 'The product shows no image.' } },
    errors: [409],
  },
  ...collection({
    path: 'modifier-groups',
    noun: 'modifier group',
    plural: 'modifier groups',
    item: modifierGroupResponse,
    create: createModifierGroup,
    patch: patchModifierGroup,
    deleteNote: 'Products that offered it no longer do.',
  }),
  {
    method: 'GET',
    path: `${v1}/images/:key`,
    tag: 'Catalog',
    summary: 'A product image (public, immutable: the name is the hash of the content)',
    auth: 'public',
    responses: { 200: { description: 'The image.', type: 'image/webp' } },
  },
];
