/**
 * OAuth client credentials (`POST /oauth/token` on the login host): Basic auth with the
 * scenario's client id and secret, form body `grant_type=client_credentials`. Errors use the
 * OAuth shape `{error, error_description}`, not ErrorBody.
 */
import type { Reply } from '../http/types.ts';
import type { Scenario } from '../scenario.ts';
import type { TokenStore } from '../state/tokens.ts';

const oauthError = (status: number, error: string, description: string): Reply => ({
  status,
  body: { error, error_description: description },
});

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^basic\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export interface TokenRequest {
  readonly authorization: string | undefined;
  readonly body: string;
  readonly now: number;
}

export function tokenRequest(
  scenario: Scenario,
  tokens: TokenStore,
  request: TokenRequest,
  clients: readonly { readonly clientId: string; readonly clientSecret: string }[] = [scenario.credentials],
): Reply {
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `grant_type [${grantType ?? ''}] is not supported`);
  }
  const fromBody = form.has('client_id')
    ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
    : null;
  const credentials = basicCredentials(request.authorization) ?? fromBody;
  const known = clients.some((c) => c.clientId === credentials?.id && c.clientSecret === credentials.secret);
  if (!known) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or bad secret');
  }
  const ttl = scenario.limits.tokenTtlSeconds;
  return {
    status: 200,
    body: { access_token: tokens.issue(request.now, ttl, credentials?.id), token_type: 'bearer', expires_in: ttl },
  };
}
