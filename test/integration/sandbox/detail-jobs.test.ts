import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATTRIBUTE_NAMES, groundTruth } from '../../../sandbox/index.ts';
import { failed, ok } from './helpers/sdk.ts';
import type { Sdk } from './helpers/sdk.ts';
import { useSandbox, withSandbox } from './helpers/use-sandbox.ts';

interface Conversation {
  conversationId: string;
  conversationStart?: string;
  conversationEnd: string;
  participants: { purpose: string; attributes?: Record<string, string> }[] | string;
}

async function submit(sdk: Sdk, interval: string): Promise<string> {
  const created = await ok(sdk.analytics.postAnalyticsConversationsDetailsJobs({ interval }));
  assert.equal(created.status, 202);
  const { jobId } = created.body;
  assert.ok(jobId !== undefined);
  return jobId;
}

async function waitFulfilled(sdk: Sdk, jobId: string): Promise<string[]> {
  const states: string[] = [];
  for (let i = 0; i < 10 && states.at(-1) !== 'FULFILLED'; i++) {
    const poll = await ok(sdk.analytics.getAnalyticsConversationsDetailsJob(jobId));
    const state = poll.body.state ?? '';
    // 202 "Accepted - Running query asynchronously" while in progress, 200 once ended.
    assert.equal(poll.status, state === 'QUEUED' || state === 'PENDING' ? 202 : 200, state);
    states.push(state);
  }
  return states;
}

async function allResults(
  sdk: Sdk,
  jobId: string,
  pageSize: number,
): Promise<{ pages: number; conversations: Conversation[] }> {
  const conversations: Conversation[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await ok(
      sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
        pageSize,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    );
    pages++;
    assert.equal(page.status, 200);
    assert.ok(page.body.dataAvailabilityDate !== undefined);
    conversations.push(...((page.body.conversations ?? []) as unknown as Conversation[]));
    cursor = page.body.cursor;
    if (cursor !== undefined) assert.equal(page.body.conversations?.length, pageSize);
  } while (cursor !== undefined);
  return { pages, conversations };
}

describe('sandbox conversation detail jobs (through the SDK)', () => {
  const env = useSandbox('small');

  it('runs a job QUEUED → PENDING → FULFILLED and pages by cursor until it is absent', async () => {
    const interval = '2026-11-02T00:00:00.000Z/2026-11-04T00:00:00.000Z';
    const jobId = await submit(env.sdk, interval);
    const early = await failed(env.sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId));
    assert.equal(early.status, 400);
    assert.deepEqual(await waitFulfilled(env.sdk, jobId), ['QUEUED', 'PENDING', 'FULFILLED']);
    const status = (await ok(env.sdk.analytics.getAnalyticsConversationsDetailsJob(jobId))).body;
    assert.ok(
      status.submissionDate !== undefined && status.completionDate !== undefined && status.expirationDate !== undefined,
    );

    const { pages, conversations } = await allResults(env.sdk, jobId, 40);
    const truth = groundTruth(env.scenario);
    assert.equal(conversations.length, truth.length);
    assert.equal(pages, Math.ceil(truth.length / 40));
    assert.deepEqual(
      conversations.map((c) => c.conversationId),
      truth.map((t) => t.conversationId),
    );
    const starts = conversations.map((c) => c.conversationStart).filter((s) => s?.endsWith('Z'));
    assert.deepEqual([...starts].sort(), starts, 'ordered by conversationStart');
    const malformed = conversations.filter(
      (c) => c.conversationStart === undefined || typeof c.participants === 'string',
    );
    assert.equal(malformed.length, truth.filter((t) => t.malformed !== null).length);
  });

  it('refuses to page past the result cap with the real 400 body, serving every page before it', async () => {
    await withSandbox({ scenario: 'small', overrides: { limits: { detailJobResultCap: 100 } } }, async ({ sdk }) => {
      const jobId = await submit(sdk, '2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z');
      await waitFulfilled(sdk, jobId);
      let cursor: string | undefined;
      let served = 0;
      for (let page = 0; page < 4; page++) {
        const body = (
          await ok(
            sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
              pageSize: 25,
              ...(cursor === undefined ? {} : { cursor }),
            }),
          )
        ).body;
        served += body.conversations?.length ?? 0;
        cursor = body.cursor;
      }
      assert.equal(served, 100);
      assert.ok(cursor !== undefined);
      const refused = await failed(
        sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, { pageSize: 25, cursor }),
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.body['message'], 'Pagination may not exceed 100 results');
      assert.equal(refused.body['status'], 400);
      for (const key of ['code', 'messageParams', 'contextId', 'details', 'errors'])
        assert.ok(key in refused.body, key);
      // A window below the cap pages to the end.
      const small = await submit(sdk, '2026-11-02T00:00:00.000Z/2026-11-02T10:00:00.000Z');
      await waitFulfilled(sdk, small);
      const { conversations } = await allResults(sdk, small, 25);
      assert.ok(conversations.length > 0 && conversations.length <= 100);
    });
  });

  it('returns participant attributes in job results', async () => {
    const jobId = await submit(env.sdk, '2026-11-02T13:00:00Z/2026-11-02T15:00:00Z');
    await waitFulfilled(env.sdk, jobId);
    const { conversations } = await allResults(env.sdk, jobId, 1000);
    assert.ok(conversations.length > 10);
    const truth = new Map(groundTruth(env.scenario).map((t) => [t.conversationId, t]));
    for (const c of conversations) {
      if (typeof c.participants === 'string') continue;
      const attributes = c.participants.find((p) => p.purpose === 'customer')?.attributes ?? {};
      const timedOut = truth.get(c.conversationId)?.dataActionTimedOut;
      assert.equal(attributes[ATTRIBUTE_NAMES.screenPopResult], timedOut === true ? 'timeout' : 'success');
      assert.equal(attributes[ATTRIBUTE_NAMES.screenPopHttpStatus], timedOut === true ? '408' : '200');
    }
  });

  it('returns a conversation that overlaps two windows in both jobs', async () => {
    const first = await submit(env.sdk, '2026-11-02T12:00:00Z/2026-11-02T13:00:00Z');
    const second = await submit(env.sdk, '2026-11-02T13:00:00Z/2026-11-02T14:00:00Z');
    await waitFulfilled(env.sdk, first);
    await waitFulfilled(env.sdk, second);
    const a = (await allResults(env.sdk, first, 1000)).conversations;
    const b = new Set((await allResults(env.sdk, second, 1000)).conversations.map((c) => c.conversationId));
    const shared = a.filter((c) => b.has(c.conversationId));
    assert.ok(shared.length > 0);
    for (const c of shared) {
      if (c.conversationStart?.endsWith('Z') !== true) continue;
      assert.ok(Date.parse(c.conversationStart) < Date.parse('2026-11-02T13:00:00Z'));
      assert.ok(Date.parse(c.conversationEnd) > Date.parse('2026-11-02T13:00:00Z'));
    }
  });

  it('validates queries, caps pageSize, 404s unknown jobs and deletes jobs', async () => {
    assert.equal(
      (await failed(env.sdk.analytics.postAnalyticsConversationsDetailsJobs({ interval: 'yesterday' }))).status,
      400,
    );
    assert.equal((await failed(env.sdk.analytics.getAnalyticsConversationsDetailsJob('no-such-job'))).status, 404);
    const jobId = await submit(env.sdk, '2026-11-01T00:00:00Z/2026-11-05T00:00:00Z');
    await waitFulfilled(env.sdk, jobId);
    const capped = await ok(env.sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, { pageSize: 5000 }));
    assert.equal(capped.body.conversations?.length, 300, 'whole scenario fits in one capped page');
    assert.equal(capped.body.cursor, undefined);
    const bad = await failed(
      env.sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, { cursor: 'garbage' }),
    );
    assert.equal(bad.status, 400);
    assert.equal((await ok(env.sdk.analytics.deleteAnalyticsConversationsDetailsJob(jobId))).status, 204);
    assert.equal((await failed(env.sdk.analytics.getAnalyticsConversationsDetailsJob(jobId))).status, 404);
  });

  it('reports data availability at the end of the last local day plus one hour', async () => {
    const availability = await ok(env.sdk.analytics.getAnalyticsConversationsDetailsJobsAvailability());
    // 2026-11-04T00:00 Europe/Berlin = 2026-11-03T23:00Z, plus one hour.
    assert.equal(availability.body.dataAvailabilityDate, '2026-11-04T00:00:00.000Z');
  });
});
