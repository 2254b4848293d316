import { z } from 'zod';

/**
 * Wire shapes of /auth/*. The token endpoint reads its form by hand (RFC 6749 wants exact error
 * codes for each missing or repeated parameter), so these form schemas document it; the route
 * does not parse with them.
 */
export const tokenRequest = z.union([
  z.object({
    grant_type: z.literal('password'),
    username: z.string().meta({ description: 'The email (case-insensitive).' }),
    password: z.string(),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string() }),
]);

export const revokeRequest = z.object({ token: z.string() });

export const tokenResponse = z.object({
  access_token: z.string().meta({ description: 'A JWT valid for `expires_in` seconds.' }),
  token_type: z.literal('bearer'),
  expires_in: z.int(),
  refresh_token: z
    .string()
    .meta({ description: 'Single use: each refresh answers a new one (30 days of life).' }),
});
