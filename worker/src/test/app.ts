import { randomBytes } from 'node:crypto';
import { type AppOptions, createApp } from '../app';
import { type Config, parseConfig } from '../config';
import type { Sql } from '../db/client';
import type { Platform } from '../platform';
import { MemoryHub } from '../realtime/memory-hub';
import { nodePlatform } from '../runtime/node-platform';
import { apiClient } from './client';

export function testConfig(overrides: Record<string, string> = {}): Config {
  const raw = parseConfig({
    TRUST_PROXY: 'true',
    BCRYPT_COST: '4',
    SIGNUP_LIMIT: '0', // tests sign up many tenants from one address
    UPLOADS_DIR: `/tmp/comanda-uploads-${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
  return {
    ...raw,
    JWT_SECRET: raw.JWT_SECRET ?? randomBytes(32).toString('hex'),
    PUBLIC_URL: raw.PUBLIC_URL ?? 'http://pos.test',
  };
}

/**
 * The real app on the Node platform over a test database, and `api`, a client whose requests go
 * through app.request().
 */
export function testApp(
  sql: Sql,
  options: {
    config?: Record<string, string>;
    platform?: Partial<Platform>;
    app?: AppOptions;
  } = {},
) {
  const hub = new MemoryHub();
  const platform: Platform = {
    ...nodePlatform(testConfig(options.config), sql, hub),
    ...options.platform,
  };
  const app = createApp(platform, options.app);
  const api = apiClient(async (path, init) => app.request(path, init));
  return { app, platform, hub, api };
}
