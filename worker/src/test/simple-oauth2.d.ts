/** The slice of simple-oauth2 (no bundled types) the OAuth client test uses. */
declare module 'simple-oauth2' {
  export interface AccessToken {
    readonly token: Record<string, unknown> & { access_token: string; refresh_token: string };
    refresh(params?: Record<string, unknown>): Promise<AccessToken>;
    revoke(tokenType: 'access_token' | 'refresh_token'): Promise<void>;
    revokeAll(): Promise<void>;
  }
  export class ResourceOwnerPassword {
    constructor(config: {
      client: { id: string; secret: string };
      auth: { tokenHost: string; tokenPath?: string; revokePath?: string };
      options?: { authorizationMethod?: 'header' | 'body' };
    });
    getToken(params: { username: string; password: string; scope?: string }): Promise<AccessToken>;
  }
}
