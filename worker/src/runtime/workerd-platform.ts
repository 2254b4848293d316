import type { DurableObjectNamespace, Hyperdrive, R2Bucket, Rpc } from '@cloudflare/workers-types';
import { compare, hash } from 'bcryptjs';
import { AccessCache, EDGE_ACCESS_CACHE } from '../auth/principals';
import { CatalogCache, EDGE_CATALOG_CACHE } from '../catalog/head-cache';
import { type Config, ConfigError, parseConfig, type RawConfig } from '../config';
import { createSql, isDatabaseUnavailable } from '../db/client';
import { paymentsFromConfig } from '../payments/from-config';
import type { Blobs, Hub, Passwords, Platform, StreamEvent } from '../platform';
import { systemClock } from '../platform';
import { workerdImages } from './images-jsquash-workerd';

/** What the TenantHub Durable Object answers over RPC (see workerd.ts). */
export interface TenantHubRpc extends Rpc.DurableObjectBranded {
  publish(events: StreamEvent[]): Promise<void>;
  /** The user's access changed: close their sockets (4401) and forget the object's cached access. */
  accessChanged(userId: string): Promise<void>;
}

/** The bindings wrangler.toml declares, plus the vars/secrets Comanda reads (all strings). */
export interface WorkerEnv {
  HYPERDRIVE?: Hyperdrive;
  UPLOADS: R2Bucket;
  TENANT_HUB: DurableObjectNamespace<TenantHubRpc>;
  [name: string]: unknown;
}

/** Only the string-valued entries of env are settings; bindings are objects. */
function settings(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

export interface EdgeSettings {
  raw: RawConfig;
  jwtSecret: string;
  databaseUrl: string;
}

/**
 * Parsed once per isolate (env does not change within one). Unlike Node there is no embedded
 * database and no data dir to keep a generated secret in, so JWT_SECRET and a database are required.
 */
export function edgeSettings(env: WorkerEnv): EdgeSettings {
  const raw = parseConfig(settings(env));
  const missing: string[] = [];
  if (!raw.JWT_SECRET) missing.push('  JWT_SECRET: required (wrangler secret put JWT_SECRET)');
  // Hyperdrive pools connections at the edge; DATABASE_URL is the plain fallback (.dev.vars).
  const databaseUrl = env.HYPERDRIVE?.connectionString ?? raw.DATABASE_URL;
  if (!databaseUrl) missing.push('  DATABASE_URL: required unless a HYPERDRIVE binding is set');
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return { raw, jwtSecret: raw.JWT_SECRET!, databaseUrl: databaseUrl! };
}

export function edgePasswords(cost: number): Passwords {
  return {
    // bcryptjs is pure JS (no native addon in workerd); its $2b$ hashes and @node-rs/bcrypt's
    // verify each other, so users move freely between a Node and an edge deployment.
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

/** Product images in R2; keys are content-addressed, so objects never change. */
export function r2Blobs(bucket: R2Bucket): Blobs {
  return {
    async put(key, body, contentType) {
      await bucket.put(key, body, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return null;
      return {
        body: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
      };
    },
  };
}

/** One TenantHub Durable Object per tenant fans events out to that tenant's screens. */
export function durableObjectHub(namespace: DurableObjectNamespace<TenantHubRpc>): Hub {
  return {
    async publish(tenantId, events) {
      const stub = namespace.get(namespace.idFromName(tenantId));
      await stub.publish(events);
    },
    // Reaches the tenant's sockets and the object's own cache. Other isolates cannot be told: their
    // caches expire within EDGE_ACCESS_CACHE.ttlMs (auth/principals.ts).
    async accessChanged(tenantId, userId) {
      const stub = namespace.get(namespace.idFromName(tenantId));
      await stub.accessChanged(userId);
    },
    // No other isolate can be told (the caller dropped its own isolate's head): theirs expire
    // within EDGE_CATALOG_CACHE.ttlMs (catalog/head-cache.ts).
    catalogChanged: async () => {},
    // The hub is part of the platform here; there is no broker that can be away.
    status: () => 'ok',
    // The tenant's Durable Object takes the socket over (runtime/tenant-hub.ts).
    connect(c, target) {
      const stub = namespace.get(namespace.idFromName(target.tenantId));
      const headers = new Headers(c.req.raw.headers);
      headers.set(REALTIME_TARGET_HEADER, JSON.stringify(target));
      const forward = new Request(c.req.raw.url, { headers });
      return stub.fetch(forward as never) as unknown as Promise<Response>;
    },
  };
}

/** How the worker names the target of an upgrade it forwards to the TenantHub (not public). */
export const REALTIME_TARGET_HEADER = 'x-comanda-realtime-target';

/** One per isolate, shared by the apps of every origin the isolate serves. */
const isolateAccess = new AccessCache(EDGE_ACCESS_CACHE);
const isolateCatalog = new CatalogCache(EDGE_CATALOG_CACHE);

export function workerdPlatform(env: WorkerEnv, edge: EdgeSettings, publicUrl: string): Platform {
  const config: Config = { ...edge.raw, JWT_SECRET: edge.jwtSecret, PUBLIC_URL: publicUrl };
  return {
    runtime: 'workerd',
    config,
    access: isolateAccess,
    catalog: isolateCatalog,
    sql: {
      // A postgres.js client may not outlive the request that opened its socket in workerd
      // ("Cannot perform I/O on behalf of a different request"), so each request gets its own
      // single connection; Hyperdrive does the pooling. Types are not fetched for the same reason.
      open: () =>
        createSql(edge.databaseUrl, { max: 1, fetchTypes: false, connectTimeoutSeconds: 5 }),
      close: (sql) => sql.end({ timeout: 1 }),
      isUnavailable: isDatabaseUnavailable,
    },
    hub: durableObjectHub(env.TENANT_HUB),
    passwords: edgePasswords(config.BCRYPT_COST),
    blobs: r2Blobs(env.UPLOADS),
    // WASM codecs (@jsquash), instantiated once per isolate on the first upload.
    images: workerdImages(),
    payments: paymentsFromConfig(config, { fetchClient: true }),
    clock: systemClock,
    // Set by Cloudflare's edge (and by wrangler dev locally); X-Forwarded-For is only consulted
    // by the app when TRUST_PROXY=true.
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? undefined,
  };
}
