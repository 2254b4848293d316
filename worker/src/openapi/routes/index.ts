import type { RouteDoc } from '../route-doc';
import { accessRoutes, healthRoutes } from './access';
import { catalogRoutes } from './catalog';
import { v1 } from './common';
import { moneyRoutes, realtimeRoutes } from './money';
import { orderRoutes } from './orders';
import { tableRoutes } from './tables';

const docsRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: `${v1}/openapi.json`,
    tag: 'Operations',
    summary: 'This description (OpenAPI 3.1)',
    auth: 'public',
    responses: { 200: { description: 'The OpenAPI document.', type: 'application/json' } },
  },
  {
    method: 'GET',
    path: '/api/docs',
    tag: 'Operations',
    summary: 'A readable reference built from this description',
    auth: 'public',
    responses: { 200: { description: 'An HTML page.', type: 'text/html' } },
  },
];

/**
 * Every route of the app, as the OpenAPI document describes it. A new route is declared in the
 * file of its domain here (see CONTRIBUTING.md); a test fails while one is missing.
 */
export const routeDocs: RouteDoc[] = [
  ...healthRoutes,
  ...accessRoutes,
  ...catalogRoutes,
  ...tableRoutes,
  ...orderRoutes,
  ...moneyRoutes,
  ...realtimeRoutes,
  ...docsRoutes,
];
