import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Models } from 'purecloud-platform-client-v2';
import {
  conversationTruth,
  dataAvailabilityDate,
  groundTruth,
  loadScenario,
  parseScenario,
} from '../../../sandbox/index.ts';
import { ok } from './helpers/sdk.ts';
import type { Sdk } from './helpers/sdk.ts';
import { withSandbox } from './helpers/use-sandbox.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function jobConversationIds(sdk: Sdk, interval: string): Promise<{ ids: string[]; availability: string }> {
  const { jobId } = (await ok(sdk.analytics.postAnalyticsConversationsDetailsJobs({ interval }))).body;
  assert.ok(jobId !== undefined);
  for (let i = 0; i < 5; i++) await ok(sdk.analytics.getAnalyticsConversationsDetailsJob(jobId));
  const ids: string[] = [];
  let cursor: string | undefined;
  let availability: string;
  do {
    const page: Models.AnalyticsConversationAsyncQueryResponse = (
      await ok(
        sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
          pageSize: 200,
          ...(cursor === undefined ? {} : { cursor }),
        }),
      )
    ).body;
    for (const c of page.conversations ?? []) ids.push(c.conversationId ?? '');
    availability = page.dataAvailabilityDate ?? '';
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { ids, availability };
}

describe('sandbox clock (through the SDK)', () => {
  it('lags data availability behind the clock; a second extraction sees the rest', async () => {
    const scenario = await loadScenario('small');
    const interval = '2026-11-01T00:00:00.000Z/2026-11-05T00:00:00.000Z';
    const now = { value: Date.parse('2026-11-03T13:00:00.000Z') };
    await withSandbox({ scenario, clock: () => now.value }, async ({ sdk }) => {
      const availability = (await ok(sdk.analytics.getAnalyticsConversationsDetailsJobsAvailability())).body;
      assert.equal(availability.dataAvailabilityDate, '2026-11-03T11:30:00.000Z');
      const first = await jobConversationIds(sdk, interval);
      assert.equal(first.availability, '2026-11-03T11:30:00.000Z');
      const cutoff = Date.parse(first.availability);
      const expected = groundTruth(scenario, 0, undefined, { now: now.value })
        .filter((t) => Date.parse(t.end) <= cutoff)
        .map((t) => t.conversationId);
      assert.deepEqual(first.ids, expected);
      assert.ok(first.ids.length > 150 && first.ids.length < 300, `${first.ids.length}`);

      now.value = Date.parse('2026-11-06T00:00:00.000Z');
      await sdk.login(); // the first token has expired
      const second = await jobConversationIds(sdk, interval);
      assert.equal(second.availability, dataAvailabilityDate(scenario, now.value));
      assert.equal(second.ids.length, 300);
      assert.deepEqual(second.ids.slice(0, first.ids.length - 5), first.ids.slice(0, first.ids.length - 5));
    });
  });

  it('settles recordings from UPLOADING to AVAILABLE/ERROR after settleMinutes', async () => {
    const small = await loadScenario('small');
    const scenario = parseScenario({ ...small, timeline: { settleMinutes: 180 } });
    const truth = groundTruth(scenario).find((t) => t.agents.some((a) => a.screen === 'error'));
    assert.ok(truth !== undefined);
    const end = Date.parse(truth.end);
    const now = { value: end - 60_000 };
    await withSandbox({ scenario, clock: () => now.value }, async ({ sdk }) => {
      // Still on the phone: no recordings yet.
      let metadata = (await ok(sdk.recording.getConversationRecordingmetadata(truth.conversationId))).body;
      assert.deepEqual(metadata, []);
      now.value = end + HOUR;
      metadata = (await ok(sdk.recording.getConversationRecordingmetadata(truth.conversationId))).body;
      assert.ok(metadata.length > 0);
      assert.ok(metadata.every((r) => r.fileState === 'UPLOADING' && r.archiveDate === undefined));
      // The recordings endpoint answers an empty 202 while media is not settled: the SDK resolves undefined.
      const pending = await ok(sdk.recording.getConversationRecordings(truth.conversationId, { formatId: 'NONE' }));
      assert.equal(pending.status, 202);
      // Extended responses carry the empty body as ''; the default mode resolves undefined.
      assert.ok([undefined, ''].includes(pending.body as unknown as string));
      now.value = end + 3 * HOUR + 1000;
      metadata = (await ok(sdk.recording.getConversationRecordingmetadata(truth.conversationId))).body;
      const settled = conversationTruth(scenario, truth.index, { now: now.value });
      assert.deepEqual(
        metadata.map((r) => [r.id, r.fileState]),
        settled.recordings.map((r) => [r.recordingId, r.fileState]),
      );
      assert.ok(metadata.some((r) => r.fileState === 'ERROR'));
      assert.ok(metadata.some((r) => r.fileState === 'AVAILABLE'));
    });
  });

  it('archives, exports and deletes as the dates pass, in step with the ground truth', async () => {
    const small = await loadScenario('small');
    const scenario = parseScenario({
      ...small,
      timeline: { retentionTransitions: true },
      custody: { exportRate: 1, exportDelayDays: 3, retentionShortenedRate: 0.3, shortenedDeleteDays: 20 },
    });
    const truth = groundTruth(scenario, 0, 60).find((t) => t.agents.some((a) => a.screen === 'ok'));
    assert.ok(truth !== undefined);
    const end = Date.parse(truth.end);
    const now = { value: end + DAY };
    const states = async (sdk: Sdk): Promise<Models.RecordingMetadata[]> => {
      const body = (await ok(sdk.recording.getConversationRecordingmetadata(truth.conversationId))).body;
      const expected = conversationTruth(scenario, truth.index, { now: now.value }).recordings;
      assert.deepEqual(
        body.map((r) => [r.id, r.fileState, r.deleteDate, r.exportedDate ?? null]),
        expected.map((r) => [r.recordingId, r.fileState, r.deleteDate, r.exportedDate]),
      );
      return body;
    };
    await withSandbox({ scenario, clock: () => now.value }, async ({ sdk }) => {
      let body = await states(sdk);
      assert.ok(body.every((r) => r.exportDate !== undefined && r.exportedDate === undefined));
      now.value = end + 4 * DAY;
      await sdk.login();
      body = await states(sdk);
      assert.ok(body.some((r) => r.exportedDate !== undefined));
      now.value = end + 31 * DAY;
      await sdk.login();
      body = await states(sdk);
      assert.ok(body.some((r) => r.media === 'screen' && r.fileState === 'ARCHIVED'));
      const stubs: Models.Recording[] = (
        await ok(sdk.recording.getConversationRecordings(truth.conversationId, { formatId: 'NONE' }))
      ).body;
      for (const r of stubs) assert.equal(r.sessionId === undefined, r.fileState === 'ARCHIVED');
      now.value = end + 400 * DAY;
      await sdk.login();
      body = await states(sdk);
      assert.ok(body.some((r) => r.media === 'screen' && r.fileState === 'DELETED'));
    });
  });
});
