/**
 * The guest page's server renderer, built with the PWA (`npm run build` writes
 * pwa/dist/.server/guest-page.js); wrangler.toml's [alias] maps this name to that file.
 */
declare module 'comanda:guest-page' {
  import type { GuestPageRenderer } from '../delivery/guest-page';
  export const renderer: GuestPageRenderer;
}
