/**
 * `npm run backup` and `npm run restore -- DIR`: the books of every tenant (a pg_dump in custom
 * format) and the product images (the uploads directory), together in one timestamped folder.
 *
 *   npm run backup                       # → backups/comanda-20261202T031500Z/
 *   npm run backup -- --out /mnt/nas     # another parent folder
 *   npm run restore -- backups/comanda-20261202T031500Z            # into an empty database
 *   npm run restore -- backups/comanda-20261202T031500Z --force    # over an existing one
 *
 * Settings as for `npm start` (config.env, the environment wins): DATABASE_URL, UPLOADS_DIR. The
 * embedded PGlite database is not dumped here: stop the server and copy DATA_DIR instead.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { ConfigError, parseConfig } from '../worker/src/config';
import { loadEnvFile } from '../worker/src/runtime/env-file';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface Manifest {
  format: 1;
  created_at: string;
  database: string;
  migrations: string[];
  uploads: number;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      err += c;
    });
    child.on('error', (e) => fail(new BackupError(`${cmd} could not run: ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? ok() : fail(new BackupError(`${cmd} exited with ${code}: ${err.trim()}`)),
    );
  });
}

function databaseUrl(env: NodeJS.ProcessEnv): { url: string; uploads: string } {
  const config = parseConfig(env);
  if (!config.DATABASE_URL) {
    throw new BackupError(
      'DATABASE_URL is not set. The embedded database is backed up by stopping the server and ' +
        `copying ${resolve(config.DATA_DIR)}.`,
    );
  }
  return { url: config.DATABASE_URL, uploads: resolve(config.UPLOADS_DIR) };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

async function appliedMigrations(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ name: string }[]>`
      select name from schema_migrations order by name`.catch(() => []);
    return rows.map((r) => r.name);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Dumps the database and copies the uploads into `parent/comanda-TIMESTAMP/`; returns that path. */
export async function runBackup(
  env: NodeJS.ProcessEnv,
  parent = 'backups',
  log: (line: string) => void = console.log,
  now = new Date(),
): Promise<string> {
  const { url, uploads } = databaseUrl(env);
  const dir = resolve(parent, `comanda-${stamp(now)}`);
  if (existsSync(dir)) throw new BackupError(`${dir} exists already.`);
  mkdirSync(dir, { recursive: true });
  log(`Backing up into ${dir}`);
  // Custom format: compressed, and pg_restore can restore it whole or table by table.
  await run('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--file',
    join(dir, 'database.dump'),
    url,
  ]);
  let files = 0;
  if (existsSync(uploads)) {
    cpSync(uploads, join(dir, 'uploads'), { recursive: true });
    files = readdirSync(join(dir, 'uploads'), { recursive: true }).length;
  }
  const manifest: Manifest = {
    format: 1,
    created_at: now.toISOString(),
    database: 'database.dump',
    migrations: await appliedMigrations(url),
    uploads: files,
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(
    `  database.dump, ${files} upload file(s), ${manifest.migrations.length} migration(s) applied`,
  );
  return dir;
}

/**
 * Restores a backup folder into DATABASE_URL and UPLOADS_DIR. Refuses a database that already
 * holds Comanda's tables unless `force` (the dump then replaces them).
 */
export async function runRestore(
  env: NodeJS.ProcessEnv,
  dir: string,
  force = false,
  log: (line: string) => void = console.log,
): Promise<void> {
  const { url, uploads } = databaseUrl(env);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new BackupError(`${dir} holds no manifest.json.`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new BackupError(`Unknown backup format ${manifest.format}.`);
  const existing = await appliedMigrations(url);
  if (existing.length && !force) {
    throw new BackupError(
      'The target database already holds Comanda data. Restore into an empty database, or ' +
        'add --force to replace it.',
    );
  }
  log(`Restoring ${dir} (taken ${manifest.created_at})`);
  await run('pg_restore', [
    '--no-owner',
    '--exit-on-error',
    '--single-transaction',
    ...(existing.length ? ['--clean', '--if-exists'] : []),
    '--dbname',
    url,
    join(dir, manifest.database),
  ]);
  if (existsSync(join(dir, 'uploads'))) {
    mkdirSync(uploads, { recursive: true });
    cpSync(join(dir, 'uploads'), uploads, { recursive: true });
  }
  log(`  database restored, ${manifest.uploads} upload file(s) into ${uploads}`);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  loadEnvFile(resolve('config.env'));
  const [command, ...args] = process.argv.slice(2);
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const force = args.includes('--force');
  const job =
    command === 'backup'
      ? runBackup(process.env, flag('--out') ?? 'backups')
      : command === 'restore' && args.filter((a) => a !== '--force')[0]
        ? runRestore(process.env, args.filter((a) => a !== '--force')[0]!, force)
        : Promise.reject(
            new BackupError(
              'Usage: npm run backup [-- --out DIR] | npm run restore -- DIR [--force]',
            ),
          );
  job.then(
    () => process.exit(0),
    (e: unknown) => {
      if (e instanceof BackupError || e instanceof ConfigError) console.error(e.message);
      else console.error('Failed:', e);
      process.exit(1);
    },
  );
}
