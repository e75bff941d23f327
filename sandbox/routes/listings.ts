/** Dimension listings (pageNumber paging): users, queues, divisions, media retention policies. */
import { z } from 'zod';
import type { JsonObject } from '../generator/conversation-payload.ts';
import { divisionsOf, queuesOf, retentionPoliciesOf, usersOf } from '../generator/org-entities.ts';
import { actionJson, dataActionsOf } from '../generator/data-actions.ts';
import { decodeCursor, encodeCursor, pageSizeParam } from '../http/cursor.ts';
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

/** GET /api/v2/users/query: cursor paging over the users. */
function usersQuery(ctx: RouteContext): Reply {
  const pageSize = pageSizeParam(ctx.query, 25, 500);
  const cursor = ctx.query.get('cursor');
  const [from = 0] = cursor === null || cursor === '' ? [0] : decodeCursor('users', cursor, 1);
  const all = usersOf(ctx.scenario);
  const sorted = ctx.query.get('sortOrder') === 'DESC' ? [...all].reverse() : all;
  const entities = sorted.slice(from, from + pageSize);
  const more = from + pageSize < sorted.length;
  const next = more ? encodeCursor('users', [from + pageSize]) : null;
  return {
    status: 200,
    body: {
      entities,
      ...(next === null ? {} : { nextUri: `/api/v2/users/query?pageSize=${pageSize}&cursor=${next}`, cursor: next }),
      selfUri: `/api/v2/users/query?pageSize=${pageSize}${cursor === null ? '' : `&cursor=${cursor}`}`,
    },
  };
}

/** GET /api/v2/authorization/divisions/query: `after` = id of the last division seen. */
function divisionsQuery(ctx: RouteContext): Reply {
  const pageSize = pageSizeParam(ctx.query, 25, 200);
  const all = byName(byIds(divisionsOf(ctx.scenario), ctx), ctx.query.get('name'));
  const after = ctx.query.get('after');
  const from = after === null ? 0 : all.findIndex((d) => d['id'] === after) + 1;
  const entities = all.slice(from, from + pageSize);
  const last = entities.at(-1);
  const base = `/api/v2/authorization/divisions/query?pageSize=${pageSize}`;
  return {
    status: 200,
    body: {
      entities,
      ...(from + pageSize < all.length && last !== undefined ? { nextUri: `${base}&after=${String(last['id'])}` } : {}),
      selfUri: after === null ? base : `${base}&after=${after}`,
      ...(from > 0 && entities[0] !== undefined ? { previousUri: `${base}&before=${String(entities[0]['id'])}` } : {}),
    },
  };
}

function actions(ctx: RouteContext): Reply {
  const includeConfig = ctx.query.get('includeConfig') === 'true';
  const ids = listParam(ctx.query, 'ids');
  const category = ctx.query.get('category');
  const all = byName(
    dataActionsOf(ctx.scenario)
      .filter((a) => (ids.length === 0 || ids.includes(a.id)) && (category === null || a.category === category))
      .map((a) => actionJson(a, includeConfig)),
    ctx.query.get('name'),
  );
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/integrations/actions') };
}

export const listingRoutes: readonly Route[] = [
  { method: 'GET', name: 'users.query', pattern: /^\/api\/v2\/users\/query$/, handle: usersQuery },
  {
    method: 'GET',
    name: 'authorization.divisions.query',
    pattern: /^\/api\/v2\/authorization\/divisions\/query$/,
    handle: divisionsQuery,
  },
  { method: 'GET', name: 'integrations.actions.list', pattern: /^\/api\/v2\/integrations\/actions$/, handle: actions },
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
