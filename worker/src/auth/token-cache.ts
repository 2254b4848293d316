import type { TokenClaims } from './principals';

/**
 * Access tokens whose signature this process has already verified, keyed by the raw token string.
 * A JWT's signature, issuer, audience and claims are fixed by its bytes, so verifying the same
 * token twice can only give the same answer until it expires: the HMAC runs once per token, not
 * once per request. This replaces the signature check only. Whether the token still speaks for
 * anyone (token_version, role, active) is decided by the access lookup on every request
 * (principals.ts), which the hub invalidates at once on a revocation.
 *
 * Bounded: at most `maxEntries` tokens, the least recently used go first. Only valid tokens are
 * kept, so garbage sent by a client costs a verification each time and never fills the cache.
 */
export class VerifiedTokens {
  private entries = new Map<string, TokenClaims>();

  constructor(private readonly maxEntries: number) {}

  /** The claims of a verified token that has not expired by `nowMs`, else undefined. */
  get(token: string, nowMs: number): TokenClaims | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    // jose's rule: expired once exp <= now in whole seconds.
    if (claims.exp <= Math.floor(nowMs / 1000)) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last (Map order), so the bound evicts the idle ones.
    this.entries.delete(token);
    this.entries.set(token, claims);
    return claims;
  }

  set(token: string, claims: TokenClaims): void {
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, claims);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** ~1 KiB a token with its claims: about 10 MiB at the bound. */
export const MAX_VERIFIED_TOKENS = 10_000;
