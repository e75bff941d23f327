/** Access tokens issued by the sandbox's OAuth endpoint, each for one OAuth client; they expire after tokenTtlSeconds. */
import { randomBytes } from 'node:crypto';

export interface TokenStore {
  /** Issues a token for `clientId`, valid for `ttlSeconds` from `now`. */
  issue(now: number, ttlSeconds: number, clientId?: string): string;
  /** Whether the token was issued here and has not expired at `now`. */
  isValid(token: string, now: number): boolean;
  /** The OAuth client a token was issued to (undefined for an unknown or swept token). */
  clientOf(token: string): string | undefined;
}

export function createTokenStore(): TokenStore {
  const expiries = new Map<string, number>();
  const clients = new Map<string, string>();
  const sweep = (now: number): void => {
    for (const [token, expiresAt] of expiries) {
      if (expiresAt > now) continue;
      expiries.delete(token);
      clients.delete(token);
    }
  };
  return {
    issue(now, ttlSeconds, clientId = '') {
      if (expiries.size > 10_000) sweep(now);
      const token = randomBytes(32).toString('base64url');
      expiries.set(token, now + ttlSeconds * 1000);
      clients.set(token, clientId);
      return token;
    },
    isValid(token, now) {
      const expiresAt = expiries.get(token);
      return expiresAt !== undefined && now < expiresAt;
    },
    clientOf: (token) => clients.get(token),
  };
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1] ?? null;
}
