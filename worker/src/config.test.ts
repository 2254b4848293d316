import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { startNode } from './runtime/node';

/** The message of the ConfigError that parsing env throws (fails the test when none is thrown). */
function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error(`parseConfig(${JSON.stringify(env)}) did not throw`);
}

describe('parseConfig', () => {
  it('has the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      PORT: 8020,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      JWT_SECRET: undefined,
      PUBLIC_URL: undefined,
      STRIPE_SECRET_KEY: undefined,
      STRIPE_WEBHOOK_SECRET: undefined,
      STRIPE_API_BASE: undefined,
      ALLOW_SIGNUP: true,
      SIGNUP_LIMIT: 10,
      UPLOADS_DIR: 'uploads',
      DATA_DIR: 'data',
      SEED_DEMO: 'auto',
      TRUST_PROXY: false,
      BCRYPT_COST: 10,
      LOG_REQUESTS: false,
      PRINT_DISPATCH: 'direct',
      PRINT_RETRY_MAX_MS: 30_000,
    });
  });

  it('reads good values', () => {
    const config = parseConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://comanda:pw@db:5432/comanda',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: 'x'.repeat(32),
      PUBLIC_URL: 'https://pos.example.com',
      BCRYPT_COST: '11',
      SEED_DEMO: 'true',
    });
    expect(config).toMatchObject({
      PORT: 9000,
      DATABASE_URL: 'postgres://comanda:pw@db:5432/comanda',
      REDIS_URL: 'redis://redis:6379',
      PUBLIC_URL: 'https://pos.example.com',
      BCRYPT_COST: 11,
      SEED_DEMO: 'true',
    });
  });

  it('treats empty or blank optional values as unset (an empty line in config.env)', () => {
    const config = parseConfig({ DATABASE_URL: '', REDIS_URL: '  ', JWT_SECRET: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.JWT_SECRET).toBeUndefined();
  });

  it('parses "false" as false (z.coerce.boolean would say true)', () => {
    const off = parseConfig({ ALLOW_SIGNUP: 'false', TRUST_PROXY: 'false', LOG_REQUESTS: 'false' });
    expect(off).toMatchObject({ ALLOW_SIGNUP: false, TRUST_PROXY: false, LOG_REQUESTS: false });
    for (const [value, expected] of [
      ['true', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['no', false],
    ] as const) {
      expect(parseConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(expected);
    }
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://redis:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
    [{ PUBLIC_URL: 'ftp://example.com' }, 'PUBLIC_URL'],
    [{ ALLOW_SIGNUP: 'maybe' }, 'ALLOW_SIGNUP'],
    [{ SIGNUP_LIMIT: '-1' }, 'SIGNUP_LIMIT'],
    [{ SIGNUP_LIMIT: 'ten' }, 'SIGNUP_LIMIT'],
    [{ SEED_DEMO: 'always' }, 'SEED_DEMO'],
    [{ BCRYPT_COST: '3' }, 'BCRYPT_COST'],
  ])('stops on %o with a message naming %s', (env, name) => {
    const message = configError(env);
    expect(message).toContain('Invalid configuration');
    expect(message).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
  });

  it('says why JWT_SECRET is refused', () => {
    expect(configError({ JWT_SECRET: 'short' })).toContain('at least 32 characters');
  });

  it('names every bad variable at once, so they can all be fixed in one go', () => {
    const message = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET']) expect(message).toContain(name);
  });
});

describe('startNode configuration', () => {
  it('requires JWT_SECRET with DATABASE_URL (before connecting anywhere)', async () => {
    // Port 1 is never a database: reaching it would be a bug, and would fail differently.
    const start = startNode({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/JWT_SECRET: required when DATABASE_URL is set/);
  });
});
