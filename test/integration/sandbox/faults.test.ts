import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Models } from 'purecloud-platform-client-v2';
import {
  groundTruth,
  injectedMalformedIds,
  loadScenario,
  parseScenario,
  renderConversation,
  planConversation,
} from '../../../sandbox/index.ts';
import type { ScenarioInput } from '../../../sandbox/index.ts';
import { failed, ok } from './helpers/sdk.ts';
import type { Extended, Sdk } from './helpers/sdk.ts';
import { withSandbox } from './helpers/use-sandbox.ts';

async function settle(call: Promise<unknown>): Promise<Extended<Record<string, unknown>>> {
  return call.then(
    (r) => r as Extended<Record<string, unknown>>,
    (e: unknown) => e as Extended<Record<string, unknown>>,
  );
}

const small = await loadScenario('small');
const INTERVAL = '2026-11-01T00:00:00.000Z/2026-11-05T00:00:00.000Z';

async function runJob(sdk: Sdk): Promise<{ jobId: string; states: string[] }> {
  const { jobId } = (await ok(sdk.analytics.postAnalyticsConversationsDetailsJobs({ interval: INTERVAL }))).body;
  assert.ok(jobId !== undefined);
  const states: string[] = [];
  for (let i = 0; i < 4; i++)
    states.push((await ok(sdk.analytics.getAnalyticsConversationsDetailsJob(jobId))).body.state ?? '');
  return { jobId, states };
}

describe('sandbox faults (through the SDK)', () => {
  it('expires tokens after tokenTtlSeconds: the next call gets 401, a new login works', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const overrides = { limits: { ...small.limits, tokenTtlSeconds: 300 } };
    await withSandbox({ scenario: small, overrides, clock: () => now }, async ({ sdk }) => {
      assert.equal((await ok(sdk.users.getUsers())).status, 200);
      now += 301_000;
      const expired = await failed(sdk.users.getUsers());
      assert.equal(expired.status, 401);
      assert.equal(expired.body['code'], 'bad.credentials');
      await sdk.login();
      assert.equal((await ok(sdk.users.getUsers())).status, 200);
    });
  });

  it('injects 5xx in bursts of consecutive answers with the configured statuses', async () => {
    const overrides: Partial<ScenarioInput> = {
      faults: { http5xxRate: 0.05, http5xxBurst: 4, http5xxStatuses: [502, 504] },
    };
    await withSandbox({ scenario: small, overrides }, async ({ sdk }) => {
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) statuses.push((await settle(sdk.routing.getRoutingQueues())).status);
      const runs: number[] = [];
      let run = 0;
      for (const s of [...statuses, 200]) {
        if (s >= 500) run++;
        else if (run > 0) {
          runs.push(run);
          run = 0;
        }
      }
      assert.ok(runs.length >= 1, `no burst in ${statuses.join(',')}`);
      assert.ok(
        runs.every((r) => r >= 4 && r % 4 === 0),
        `burst lengths ${runs.join(',')}`,
      );
      assert.ok(statuses.every((s) => [200, 502, 504].includes(s)));
    });
  });

  it('answers 504 with a request.timeout ErrorBody', async () => {
    const overrides: Partial<ScenarioInput> = { faults: { http5xxRate: 1, http5xxStatuses: [504] } };
    await withSandbox({ scenario: small, overrides }, async ({ sdk }) => {
      const timedOut = await failed(sdk.routing.getRoutingQueues());
      assert.equal(timedOut.status, 504);
      assert.equal(timedOut.body['code'], 'request.timeout');
      assert.equal(timedOut.body['status'], 504);
    });
  });

  it('holds slow responses past the SDK timeout (ECONNABORTED)', async () => {
    const overrides = { faults: { slowRate: 1, slowMs: 400 } };
    // 150 ms instead of the SDK's default 16 000 ms, which slowMs exceeds by default.
    await withSandbox({ scenario: small, overrides, sdkTimeoutMs: 150 }, async ({ sdk }) => {
      const error = (await settle(sdk.users.getUsers())) as unknown as { code?: string };
      assert.equal(error.code, 'ECONNABORTED');
    });
  });

  it('serves pages shorter than asked for, with a cursor, without losing conversations', async () => {
    await withSandbox({ scenario: small, overrides: { faults: { shortPageRate: 0.5 } } }, async ({ sdk, scenario }) => {
      const { jobId } = await runJob(sdk);
      const ids: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page: Models.AnalyticsConversationAsyncQueryResponse = (
          await ok(
            sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
              pageSize: 40,
              ...(cursor === undefined ? {} : { cursor }),
            }),
          )
        ).body;
        sizes.push(page.conversations?.length ?? 0);
        ids.push(...(page.conversations ?? []).map((c) => c.conversationId ?? ''));
        cursor = page.cursor;
      } while (cursor !== undefined);
      assert.ok(
        sizes.slice(0, -1).some((n) => n < 40),
        `sizes ${sizes.join(',')}`,
      );
      assert.deepEqual(
        ids,
        groundTruth(scenario).map((t) => t.conversationId),
      );
    });
  });

  it('ends detail jobs FAILED, CANCELLED or EXPIRED on demand and by rate', async () => {
    await withSandbox({ scenario: small }, async ({ sdk, sandbox }) => {
      for (const state of ['FAILED', 'CANCELLED', 'EXPIRED'] as const) {
        sandbox.control.failNextDetailJob(state);
        const { jobId, states } = await runJob(sdk);
        assert.equal(states.at(-1), state);
        const status = (await ok(sdk.analytics.getAnalyticsConversationsDetailsJob(jobId))).body;
        if (state === 'FAILED') assert.ok((status.errorMessage ?? '').length > 0);
        const results = await failed(sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {}));
        assert.equal(results.status, 400);
      }
      assert.equal((await runJob(sdk)).states.at(-1), 'FULFILLED');
    });
    const overrides = { faults: { detailJobFailedRate: 0.5, detailJobCancelledRate: 0.5 } };
    await withSandbox({ scenario: small, overrides }, async ({ sdk }) => {
      const ends = new Set<string>();
      for (let i = 0; i < 6; i++) ends.add((await runJob(sdk)).states.at(-1) ?? '');
      assert.deepEqual([...ends].sort(), ['CANCELLED', 'FAILED']);
    });
  });

  it('answers GET /recordings with an empty 202 on demand and by rate', async () => {
    const truth = groundTruth(small).find((t) => t.recordings.length > 1);
    assert.ok(truth !== undefined);
    await withSandbox({ scenario: small }, async ({ sdk, sandbox }) => {
      sandbox.control.emptyRecordingsNext(1);
      const empty = await ok(sdk.recording.getConversationRecordings(truth.conversationId, { formatId: 'NONE' }));
      assert.equal(empty.status, 202);
      assert.ok([undefined, ''].includes(empty.body as unknown as string));
      const full = await ok(sdk.recording.getConversationRecordings(truth.conversationId, { formatId: 'NONE' }));
      assert.equal(full.status, 200);
      const recordings: Models.Recording[] = full.body;
      assert.ok(recordings.length > 0 && recordings.every((r) => r.conversationId === truth.conversationId));
    });
    await withSandbox({ scenario: small, overrides: { faults: { recordingsEmpty202Rate: 0.5 } } }, async ({ sdk }) => {
      const statuses = new Set<number>();
      for (let i = 0; i < 12; i++) {
        statuses.add(
          (await ok(sdk.recording.getConversationRecordings(truth.conversationId, { formatId: 'NONE' }))).status,
        );
      }
      assert.deepEqual([...statuses].sort(), [200, 202]);
    });
  });

  it('injects new malformations and schema drift; drift is not malformed', () => {
    const scenario = parseScenario({
      ...small,
      malformedRate: 0.1,
      malformedKinds: ['local_timestamp', 'segment_local_timestamp', 'unknown_enum', 'null_participants'],
      schemaDriftRate: 0.1,
    });
    const truths = groundTruth(scenario);
    const kinds = new Set(truths.map((t) => t.malformed).filter((k) => k !== null));
    assert.equal(kinds.size, 4);
    const drifted = truths.filter((t) => t.schemaDrift);
    assert.ok(drifted.length > 10);
    const cleanDrift = drifted.find((t) => t.malformed === null);
    assert.ok(cleanDrift !== undefined);
    const json = renderConversation(scenario, planConversation(scenario, cleanDrift.index), true, Infinity);
    assert.equal(json['conversationInitiatorRegion'], 'eu-west-1');
    assert.deepEqual(
      injectedMalformedIds(scenario),
      truths.filter((t) => t.malformed !== null).map((t) => t.conversationId),
    );
    const local = truths.find((t) => t.malformed === 'segment_local_timestamp');
    assert.ok(local !== undefined);
    const text = JSON.stringify(renderConversation(scenario, planConversation(scenario, local.index), true, Infinity));
    assert.match(text, /"segmentStart":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"/);
  });
});
