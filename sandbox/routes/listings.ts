/** Dimension listings (pageNumber paging): users, queues, divisions, media retention policies. */
import { z } from 'zod';
import type { JsonObject } from '../generator/conversation-payload.ts';
import { divisionsOf, queuesOf, retentionPoliciesOf, usersOf } from '../generator/org-entities.ts';
import { listingPage } from '../http/listing.ts';
import { listParam, parseQuery } from '../http/query.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';

const UserQuerySchema = z.looseObject({
  state: z.enum(['active', 'inactive', 'deleted', 'any']).default('active'),
});

const PolicyQuerySchema = z.looseObject({
  enabled: z.enum(['true', 'false']).optional(),
  name: z.string().optional(),
});

function byIds(entities: JsonObject[], ctx: RouteContext): JsonObject[] {
  const ids = listParam(ctx.query, 'id');
  return ids.length === 0 ? entities : entities.filter((e) => ids.includes(String(e['id'])));
}

/** Genesys name filters accept a trailing `*` wildcard; matching is case-insensitive. */
function byName(entities: JsonObject[], name: string | null): JsonObject[] {
  if (name === null || name === '') return entities;
  const wanted = name.toLowerCase();
  const prefix = wanted.endsWith('*') ? wanted.slice(0, -1) : null;
  return entities.filter((e) => {
    const actual = String(e['name']).toLowerCase();
    return prefix === null ? actual === wanted : actual.startsWith(prefix);
  });
}

function users(ctx: RouteContext): Reply {
  const { state } = parseQuery(UserQuerySchema, ctx.query);
  // Every sandbox user is active.
  const all = state === 'active' || state === 'any' ? byIds(usersOf(ctx.scenario), ctx) : [];
  const extra = ctx.query.has('state') ? { state } : {};
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/users', extra) };
}

function queues(ctx: RouteContext): Reply {
  const all = byName(byIds(queuesOf(ctx.scenario), ctx), ctx.query.get('name'));
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/routing/queues') };
}

function divisions(ctx: RouteContext): Reply {
  const all = byName(byIds(divisionsOf(ctx.scenario), ctx), ctx.query.get('name'));
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/authorization/divisions') };
}

function policies(ctx: RouteContext): Reply {
  const { enabled, name } = parseQuery(PolicyQuerySchema, ctx.query);
  const filtered = retentionPoliciesOf(ctx.scenario).filter(
    (p) => enabled === undefined || String(p['enabled']) === enabled,
  );
  const all = byName(filtered, name ?? null);
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/recording/mediaretentionpolicies') };
}

export const listingRoutes: readonly Route[] = [
  { method: 'GET', name: 'users.list', pattern: /^\/api\/v2\/users$/, handle: users },
  { method: 'GET', name: 'routing.queues.list', pattern: /^\/api\/v2\/routing\/queues$/, handle: queues },
  {
    method: 'GET',
    name: 'authorization.divisions.list',
    pattern: /^\/api\/v2\/authorization\/divisions$/,
    handle: divisions,
  },
  {
    method: 'GET',
    name: 'recording.retentionPolicies.list',
    pattern: /^\/api\/v2\/recording\/mediaretentionpolicies$/,
    handle: policies,
  },
];
