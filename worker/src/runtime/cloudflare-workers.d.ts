// tsconfig loads only Node's types (the Workers globals clash with DOM/Node ones), so the one
// runtime module the edge entry imports is declared here from @cloudflare/workers-types' module
// exports. Only files under worker/src/runtime/ may import it.
declare module 'cloudflare:workers' {
  import type { CloudflareWorkersModule } from '@cloudflare/workers-types';
  export = CloudflareWorkersModule;
}
