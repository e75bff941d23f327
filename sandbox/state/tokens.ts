/** Access tokens issued by the sandbox's OAuth endpoint; they expire after tokenTtlSeconds. */
import { randomBytes } from 'node:crypto';

export interface TokenStore {
  /** Issues a token valid for `ttlSeconds` from `now`. */
  issue(now: number, ttlSeconds: number): string;
  /** Whether the token was issued here and has not expired at `now`. */
  isValid(token: string, now: number): boolean;
}

export function createTokenStore(): TokenStore {
  const expiries = new Map<string, number>();
  const sweep = (now: number): void => {
    for (const [token, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(token);
  };
  return {
    issue(now, ttlSeconds) {
      if (expiries.size > 10_000) sweep(now);
      const token = randomBytes(32).toString('base64url');
      expiries.set(token, now + ttlSeconds * 1000);
      return token;
    },
    isValid(token, now) {
      const expiresAt = expiries.get(token);
      return expiresAt !== undefined && now < expiresAt;
    },
  };
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1] ?? null;
}
