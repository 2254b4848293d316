/**
 * `npm run dev`: the Node server (API, realtime, embedded database as with `npm start`) on PORT
 * (8020), and Vite's dev server with hot reload on 5173 proxying /api (WebSockets too) to it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '../worker/src/runtime/env-file';
import { startNode } from '../worker/src/runtime/node';

loadEnvFile(resolve('config.env'));
const server = await startNode();
process.env.COMANDA_API = `http://127.0.0.1:${server.port}`;
const { createServer } = await import('vite');
const vite = await createServer({
  configFile: fileURLToPath(new URL('vite.config.ts', import.meta.url)),
  server: { port: Number(process.env.VITE_PORT ?? 5173), host: true },
});
await vite.listen();
vite.printUrls();
const stop = async () => {
  await vite.close();
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
