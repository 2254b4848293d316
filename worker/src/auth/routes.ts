import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../common/audit';
import { clientAddress } from '../common/client-address';
import type { AppEnv } from '../common/env';
import { ACCESS_TOKEN_SECONDS, signAccessToken } from './jwt';
import {
  findDeviceByToken,
  findUserByEmail,
  findUserInTenant,
  issueRefreshToken,
  type LoginUser,
  revokeByToken,
  rotateRefreshToken,
} from './store';
import { forgiveAttempt, loginRules, pinRules, type ThrottleRule, takeAttempt } from './throttle';

// A real bcrypt hash of a random string: unknown emails cost the same time as wrong passwords.
const DUMMY_HASH = '$2b$10$GOsM0Hf2jXLZMgvT4JF08OeHwOqSlZFgcF.PCMtUc1XIRrV3VN7IK';

type OAuthError =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_client'
  | 'slow_down';

const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** RFC 6749 §5.2 error body: /auth/* speaks OAuth, not problem+json. */
function oauthError(
  c: Context<AppEnv>,
  status: 400 | 401 | 429,
  error: OAuthError,
  description: string,
  headers: Record<string, string> = {},
) {
  return c.json({ error, error_description: description }, status, { ...noStore, ...headers });
}

async function readForm(c: Context<AppEnv>): Promise<Record<string, string> | null> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const params = new URLSearchParams(await c.req.text());
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in out) return null; // RFC 6749 §3.2: parameters must not repeat
    out[k] = v;
  }
  return out;
}

async function tokenResponse(c: Context<AppEnv>, user: LoginUser, refreshToken: string) {
  const principal = {
    userId: user.id,
    tenantId: user.tenant_id,
    role: user.role,
    ver: user.token_version,
  };
  const platform = c.get('platform');
  const access = await signAccessToken(platform.config.JWT_SECRET, principal, platform.clock.now());
  return c.json(
    {
      access_token: access,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken,
    },
    200,
    noStore,
  );
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export const auth = new Hono<AppEnv>();

auth.post('/token', async (c) => {
  const form = await readForm(c);
  if (!form) {
    return oauthError(
      c,
      400,
      'invalid_request',
      'Send application/x-www-form-urlencoded parameters.',
    );
  }
  const sql = c.get('sql');
  const platform = c.get('platform');
  const now = platform.clock.now();

  if (form.grant_type === 'password') {
    const email = (form.username ?? '').trim().toLowerCase();
    const password = form.password ?? '';
    if (!email || !password) {
      return oauthError(c, 400, 'invalid_request', 'username and password are required.');
    }
    if (email.length > 254) return oauthError(c, 400, 'invalid_request', 'username is too long.');
    const rules: ThrottleRule[] = loginRules(email, clientAddress(c));
    const wait = await takeAttempt(sql, rules, now);
    if (wait !== null) {
      return oauthError(c, 429, 'slow_down', 'Too many attempts; try again later.', {
        'Retry-After': String(wait),
      });
    }
    const user = await findUserByEmail(sql, email);
    // bcrypt ignores bytes past 72: a longer password can never be the stored one.
    const tooLong = utf8Length(password) > 72;
    const ok = await platform.passwords.verify(
      tooLong ? 'x' : password,
      user?.password_hash ?? DUMMY_HASH,
    );
    if (!user || !ok || tooLong) {
      if (user) {
        await audit(sql, {
          tenantId: user.tenant_id,
          actorId: user.id,
          action: 'login.failed',
          objectType: 'user',
          objectId: user.id,
          detail: { address: clientAddress(c) },
        });
      }
      return oauthError(c, 400, 'invalid_grant', 'The email or password is wrong.');
    }
    await forgiveAttempt(sql, rules);
    if (!user.active) {
      return oauthError(c, 400, 'invalid_grant', 'This account is deactivated.');
    }
    const refresh = await issueRefreshToken(sql, user, crypto.randomUUID(), now);
    await audit(sql, {
      tenantId: user.tenant_id,
      actorId: user.id,
      action: 'login',
      objectType: 'user',
      objectId: user.id,
      detail: { method: 'password', address: clientAddress(c) },
    });
    return tokenResponse(c, user, refresh);
  }

  if (form.grant_type === 'refresh_token') {
    const token = form.refresh_token ?? '';
    if (!token) return oauthError(c, 400, 'invalid_request', 'refresh_token is required.');
    if (token.length > 200)
      return oauthError(c, 400, 'invalid_grant', 'The refresh token is not valid.');
    const result = await sql.begin((tx) => rotateRefreshToken(tx, token, now));
    if (!result.ok) {
      const why =
        result.reason === 'reused'
          ? 'The refresh token was already used; this login has been revoked.'
          : 'The refresh token is not valid.';
      return oauthError(c, 400, 'invalid_grant', why);
    }
    const { user, familyId } = result;
    const refresh = await issueRefreshToken(sql, user, familyId, now);
    return tokenResponse(c, user, refresh);
  }

  if (!form.grant_type) return oauthError(c, 400, 'invalid_request', 'grant_type is required.');
  return oauthError(c, 400, 'unsupported_grant_type', 'Use password or refresh_token.');
});

auth.post('/revoke', async (c) => {
  const form = await readForm(c);
  if (!form?.token) {
    return oauthError(
      c,
      400,
      'invalid_request',
      'Send token as application/x-www-form-urlencoded.',
    );
  }
  const platform = c.get('platform');
  if (form.token.length <= 200) await revokeByToken(c.get('sql'), form.token, platform.clock.now());
  // RFC 7009 needs no body, but strict OAuth clients (simple-oauth2) parse the reply as JSON.
  return c.json({}, 200, noStore);
});

export const pinBody = z.object({
  user_id: z.string().uuid(),
  pin: z.string().regex(/^\d{4,8}$/),
});

auth.post('/pin', async (c) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return oauthError(c, 400, 'invalid_request', 'Send {user_id, pin} as application/json.');
  }
  const deviceToken = c.req.header('x-device-token') ?? '';
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return oauthError(c, 400, 'invalid_request', 'The body is not valid JSON.');
  }
  const parsed = pinBody.safeParse(raw);
  if (!parsed.success) {
    return oauthError(
      c,
      400,
      'invalid_request',
      'user_id (UUID) and pin (4–8 digits) are required.',
    );
  }
  const sql = c.get('sql');
  const platform = c.get('platform');
  const now = platform.clock.now();
  const device = deviceToken.length <= 200 ? await findDeviceByToken(sql, deviceToken) : undefined;
  if (!device) return oauthError(c, 401, 'invalid_client', 'The device token is not valid.');
  const { pin } = parsed.data;
  const userId = parsed.data.user_id.toLowerCase();
  const rules = pinRules(device.tenant_id, device.id, userId);
  const wait = await takeAttempt(sql, rules, now);
  if (wait !== null) {
    return oauthError(
      c,
      429,
      'slow_down',
      'Too many wrong PINs for this user; PIN login is locked for a while.',
      { 'Retry-After': String(wait) },
    );
  }
  const user = await findUserInTenant(sql, device.tenant_id, userId);
  const ok = await platform.passwords.verify(pin, user?.pin_hash ?? DUMMY_HASH);
  if (!user?.pin_hash || !ok) {
    // Every wrong guess is on record, the unknown user ids too (someone is probing).
    await audit(sql, {
      tenantId: device.tenant_id,
      actorId: null,
      action: 'auth.pin_failed',
      objectType: 'user',
      objectId: userId,
      detail: { device_id: device.id, address: clientAddress(c) },
    });
    return oauthError(c, 400, 'invalid_grant', 'The user or PIN is wrong.');
  }
  await forgiveAttempt(sql, rules);
  const refresh = await issueRefreshToken(sql, user, crypto.randomUUID(), now);
  await audit(sql, {
    tenantId: user.tenant_id,
    actorId: user.id,
    action: 'login',
    objectType: 'user',
    objectId: user.id,
    detail: { method: 'pin', device_id: device.id },
  });
  return tokenResponse(c, user, refresh);
});
