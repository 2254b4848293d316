import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * Postgres compiled to WASM (PGlite), kept under dataDir and served on a private loopback port so
 * the app talks to it through the same postgres.js code as to a real server. One connection only:
 * PGlite is single-session.
 */
export async function startEmbeddedDb(dataDir: string): Promise<EmbeddedDb> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
