import {
  AllCommunityModule,
  type ColDef,
  createGrid,
  type GridApi,
  type GridOptions,
  ModuleRegistry,
  themeQuartz,
} from 'ag-grid-community';

/**
 * ag-grid for the admin screens only. This module (and so ag-grid itself, ~300 KiB gzipped) is
 * reached through admin/Admin.tsx's lazy route: the POS and guest bundles never import it.
 */
ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({
  accentColor: '#0f766e',
  fontFamily: 'inherit',
  rowHeight: 48,
  headerHeight: 44,
});

export type { ColDef, GridApi };

export function makeGrid<T extends { id: string }>(
  el: HTMLElement,
  options: GridOptions<T>,
): GridApi<T> {
  return createGrid<T>(el, {
    theme,
    getRowId: (p) => p.data.id,
    singleClickEdit: false,
    stopEditingWhenCellsLoseFocus: true,
    ...options,
  });
}
