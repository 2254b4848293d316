import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The Node server `npm run dev` proxies the API to (`npm start` in another terminal). */
const api = process.env.COMANDA_API ?? 'http://127.0.0.1:8020';

/**
 * Chunks that only the admin screens load: never precached, so a guest's phone or a POS tablet
 * that installs the service worker does not download ag-grid. Cached at runtime once admin opens.
 */
const ADMIN_CHUNKS = ['**/Admin-*.js', '**/Admin-*.css', '**/ag-grid-*.js'];

export default defineConfig({
  root,
  // pwa/public is the placeholder wrangler's [assets] serves; the app's static files live here.
  publicDir: 'static',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // ag-grid's chunk (~1.1 MB, ~300 KiB gzipped) is expected: it loads only with admin.
    chunkSizeWarningLimit: 1200,
    target: 'es2022',
    rolldownOptions: {
      // The staff app and offline shell (index.html), and the server-rendered guest page's own
      // small entry, which hydrates the menu the server sent (see pwa/build.ts for its SSR half).
      input: {
        index: `${root}index.html`,
        guest: `${root}src/guest/entry-client.tsx`,
      },
      output: {
        chunkFileNames: 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [{ name: 'ag-grid', test: /node_modules[\\/]ag-grid/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: api, ws: true, changeOrigin: true } },
  },
  plugins: [
    // Hydratable output: the guest page is rendered on the server and hydrated here.
    solid({ ssr: true }),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Comanda POS',
        short_name: 'Comanda',
        description: 'Point of sale, kitchen display and QR ordering',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0f766e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        globIgnores: ADMIN_CHUNKS,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/, /^\/readyz/],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url }) =>
              /\/assets\/(Admin|ag-grid)-[^/]+\.(js|css)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'admin-chunks', expiration: { maxEntries: 20 } },
          },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/images/'),
            handler: 'CacheFirst',
            options: { cacheName: 'product-images', expiration: { maxEntries: 400 } },
          },
        ],
      },
    }),
  ],
});
