import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { Models } from 'purecloud-platform-client-v2';
import { groundTruth, injectedMalformedIds } from '../../../sandbox/index.ts';
import type { Extended, Sdk } from './helpers/sdk.ts';
import { withSandbox } from './helpers/use-sandbox.ts';

/** A minimal retrying caller: what any client needs to survive the hostile scenario. */
async function retrying<T>(sdk: Sdk, call: () => Promise<T>, seen: Map<string, number>): Promise<Extended<T>> {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      return (await call()) as unknown as Extended<T>;
    } catch (error: unknown) {
      const e = error as Partial<Extended<unknown>> & { code?: string };
      const kind = e.code === 'ECONNABORTED' ? 'timeout' : String(e.status);
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (e.status === 401) await sdk.login();
      else if (e.status === 429) await sleep(Number(e.headers?.['retry-after'] ?? 0.05) * 100);
      else if (e.code !== 'ECONNABORTED' && (e.status ?? 0) < 500) throw error;
    }
  }
  throw new Error('gave up');
}

it('a retrying client backfills the hostile scenario through every fault', { timeout: 60_000 }, async () => {
  const seen = new Map<string, number>();
  const jobEnds = new Map<string, number>();
  // An SDK timeout of 300 ms, below the scenario's slowMs.
  await withSandbox({ scenario: 'hostile', sdkTimeoutMs: 300 }, async ({ sdk, scenario }) => {
    const ids: string[] = [];
    const raw = new Map<string, string>();
    for (let day = 0; day < scenario.days; day++) {
      const start = Date.parse('2026-11-01T23:00:00.000Z') + day * 86_400_000;
      const interval = `${new Date(start).toISOString()}/${new Date(start + 86_400_000).toISOString()}`;
      let state = '';
      let jobId = '';
      while (state !== 'FULFILLED') {
        jobId =
          (await retrying(sdk, () => sdk.analytics.postAnalyticsConversationsDetailsJobs({ interval }), seen)).body
            .jobId ?? '';
        do {
          state =
            (await retrying(sdk, () => sdk.analytics.getAnalyticsConversationsDetailsJob(jobId), seen)).body.state ??
            '';
        } while (state === 'QUEUED' || state === 'PENDING');
        jobEnds.set(state, (jobEnds.get(state) ?? 0) + 1);
      }
      let cursor: string | undefined;
      do {
        const page: Models.AnalyticsConversationAsyncQueryResponse = (
          await retrying(
            sdk,
            () =>
              sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
                pageSize: 50,
                ...(cursor === undefined ? {} : { cursor }),
              }),
            seen,
          )
        ).body;
        for (const c of page.conversations ?? []) {
          if (raw.has(c.conversationId ?? '')) continue;
          ids.push(c.conversationId ?? '');
          raw.set(c.conversationId ?? '', JSON.stringify(c));
        }
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    // Recording metadata per conversation (bare arrays), as a backfill fetches it.
    let recordings = 0;
    for (const id of ids) {
      const metadata = (await retrying(sdk, () => sdk.recording.getConversationRecordingmetadata(id), seen)).body;
      recordings += metadata.length;
    }
    const truth = groundTruth(scenario);
    assert.equal(
      recordings,
      truth.reduce((n, t) => n + t.recordings.length, 0),
    );
    assert.deepEqual([...ids].sort(), truth.map((t) => t.conversationId).sort());
    // The malformed ones are exactly the injected ids; drifted ones are otherwise valid.
    const malformed = new Set(injectedMalformedIds(scenario));
    assert.equal(malformed.size, scenario.expected?.['malformed']);
    for (const t of truth.filter((x) => x.schemaDrift && x.malformed === null)) {
      assert.match(raw.get(t.conversationId) ?? '', /conversationInitiatorRegion/);
    }
    for (const kind of ['timeout', '429']) assert.ok((seen.get(kind) ?? 0) > 0, `no ${kind} in ${[...seen].join()}`);
    assert.ok(
      [...seen.keys()].some((k) => k.startsWith('5')),
      `no 5xx in ${[...seen].join()}`,
    );
  });
});
