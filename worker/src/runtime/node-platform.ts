import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { compare, hash } from '@node-rs/bcrypt';
import type { AccessCache } from '../auth/principals';
import type { CatalogCache } from '../catalog/head-cache';
import type { Config } from '../config';
import { isDatabaseUnavailable, type Sql } from '../db/client';
import { paymentsFromConfig } from '../payments/from-config';
import type { Blobs, Hub, Platform } from '../platform';
import { systemClock } from '../platform';
import { nodeCompressor } from './compression-node';
import { sharpImages } from './images-sharp';

export function nodePasswords(cost: number): Platform['passwords'] {
  return {
    hash: (password) => hash(password, cost),
    verify: async (password, stored) => {
      try {
        return await compare(password, stored);
      } catch {
        return false;
      }
    },
  };
}

/** Blobs on disk under UPLOADS_DIR; keys are content-addressed, so files never change. */
export function diskBlobs(root: string): Blobs {
  const safe = (key: string) => {
    if (!/^[a-z0-9][a-z0-9/_.-]*$/i.test(key) || key.includes('..'))
      throw new Error(`bad blob key ${key}`);
    return join(root, key);
  };
  return {
    async put(key, body, contentType) {
      const path = safe(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
      await writeFile(`${path}.type`, contentType);
    },
    async get(key) {
      try {
        const path = safe(key);
        const [body, contentType] = await Promise.all([
          readFile(path),
          readFile(`${path}.type`, 'utf8'),
        ]);
        return { body: new Uint8Array(body), contentType };
      } catch {
        return null;
      }
    },
  };
}

/** `hub` is a Node hub (memory or Redis): it owns the access and catalog caches it keeps right. */
export function nodePlatform(
  config: Config,
  sql: Sql,
  hub: Hub & { readonly access: AccessCache; readonly catalog: CatalogCache },
): Platform {
  return {
    runtime: 'node',
    config,
    access: hub.access,
    catalog: hub.catalog,
    sql: {
      open: () => sql,
      close: async () => {},
      isUnavailable: isDatabaseUnavailable,
    },
    hub,
    passwords: nodePasswords(config.BCRYPT_COST),
    blobs: diskBlobs(config.UPLOADS_DIR),
    payments: paymentsFromConfig(config),
    clock: systemClock,
    images: sharpImages(),
    compressor: nodeCompressor(),
    clientAddress: (c) => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined; // app.request() in tests has no socket
      }
    },
  };
}
