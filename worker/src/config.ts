import { z } from 'zod';

// zod's coerce.boolean turns "false" into true, so booleans are parsed from an explicit enum.
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

/** Every setting Comanda reads. Parsed once, at the entry of each runtime, and passed down. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8020),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  JWT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: optionalUrl(['http:', 'https:']),
  ALLOW_SIGNUP: bool(true),
  /** Sign-ups per client address per hour (each costs a bcrypt hash); 0 turns the limit off. */
  SIGNUP_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(10),
  UPLOADS_DIR: z.string().min(1).default('uploads'),
  DATA_DIR: z.string().min(1).default('data'),
  SEED_DEMO: z.enum(['true', 'false', 'auto']).default('auto'),
  TRUST_PROXY: bool(false),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),
  LOG_REQUESTS: bool(false),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends Omit<RawConfig, 'JWT_SECRET' | 'PUBLIC_URL'> {
  JWT_SECRET: string;
  PUBLIC_URL: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; the error names every bad variable so the operator can fix them at once. */
export function parseConfig(env: Record<string, string | undefined>): RawConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
