import postgres from 'postgres';
import { registerBuiltinArrays } from './arrays';

export type Sql = postgres.Sql<Record<string, never>>;
export type TransactionSql = postgres.TransactionSql<Record<string, never>>;
/** Either the pool or a transaction: store functions take this so they compose inside sql.begin. */
export type Db = Sql | TransactionSql;

export interface SqlOptions {
  max?: number;
  connectTimeoutSeconds?: number;
  /** workerd cannot fetch types lazily across requests. */
  fetchTypes?: boolean;
  /** Sees every statement as it is sent (the orders bench derives its pgbench script from it). */
  debug?: (connection: number, query: string, parameters: unknown[], types: unknown[]) => void;
}

/**
 * postgres.js with int8 parsed as a JS number: every int8 we store (money in minor units, counts,
 * seq) stays far below 2^53, and the API speaks numbers, not strings.
 */
export function createSql(url: string, options: SqlOptions = {}): Sql {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    idle_timeout: 30,
    // Reconnect quickly once the database is back (the default backs off up to 20 s).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    fetch_types: options.fetchTypes ?? true,
    onnotice: () => {},
    ...(options.debug ? { debug: options.debug } : {}),
    types: {
      int8: {
        to: 20,
        from: [20],
        serialize: (v: number | bigint) => String(v),
        parse: (v: string) => Number(v),
      },
    },
  }) as unknown as Sql;
  if (options.fetchTypes === false) registerBuiltinArrays(sql);
  return sql;
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '53300', // too_many_connections
]);

/** Errors that mean "the database is away", which the API answers with 503 + Retry-After. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  const errno = (error as { errno?: unknown }).errno;
  return typeof errno === 'string' && unavailableCodes.has(errno);
}
