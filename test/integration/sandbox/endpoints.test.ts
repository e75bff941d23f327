import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Models } from 'purecloud-platform-client-v2';
import { ATTRIBUTE_NAMES, conversationIdOf, groundTruth } from '../../../sandbox/index.ts';
import type { ConversationTruth } from '../../../sandbox/index.ts';
import { failed, ok } from './helpers/sdk.ts';
import { useSandbox, withSandbox } from './helpers/use-sandbox.ts';

const DAY = 86_400_000;

describe('sandbox analytics query endpoints (through the SDK)', () => {
  const env = useSandbox('small');
  let truth: ConversationTruth[];

  before(() => {
    truth = groundTruth(env.scenario);
  });

  it('serves the sync details query by UTC start day, pageNumber paging, totalHits, no attributes', async () => {
    // The interval touches UTC day 2026-11-02 only (one hour of it).
    const body: Models.ConversationQuery = {
      interval: '2026-11-02T10:00:00.000Z/2026-11-02T11:00:00.000Z',
      paging: { pageSize: 100, pageNumber: 1 },
    };
    const expected = truth.filter((t) => t.start.startsWith('2026-11-02')).map((t) => t.conversationId);
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const response: Models.AnalyticsConversationQueryResponse = (
        await ok(
          env.sdk.analytics.postAnalyticsConversationsDetailsQuery({
            ...body,
            paging: { pageSize: 100, pageNumber: page },
          }),
        )
      ).body;
      assert.equal(response.totalHits, expected.length);
      if (response.conversations === undefined) break;
      for (const c of response.conversations) {
        ids.push(c.conversationId ?? '');
        for (const p of (c.participants ?? []) as Record<string, unknown>[]) assert.equal(p['attributes'], undefined);
      }
    }
    assert.deepEqual(ids, expected);
    // pageSize 200 is the documented maximum (Genesys's "Analytics conversations API behavior" blog).
    const largest = await ok(
      env.sdk.analytics.postAnalyticsConversationsDetailsQuery({ ...body, paging: { pageSize: 200, pageNumber: 1 } }),
    );
    assert.equal(largest.status, 200);
    const tooBig = await failed(
      env.sdk.analytics.postAnalyticsConversationsDetailsQuery({ ...body, paging: { pageSize: 201, pageNumber: 1 } }),
    );
    assert.equal(tooBig.status, 400);
    const deep = await failed(
      env.sdk.analytics.postAnalyticsConversationsDetailsQuery({
        ...body,
        paging: { pageSize: 100, pageNumber: 1001 },
      }),
    );
    assert.equal(deep.body['message'], 'Pagination may not exceed 100000 results.');
  });

  it('serves one conversation by id without attributes', async () => {
    const t = truth.find((x) => x.malformed === null && x.handled);
    assert.ok(t !== undefined);
    const c: Models.AnalyticsConversationWithoutAttributes = (
      await ok(env.sdk.analytics.getAnalyticsConversationDetails(t.conversationId))
    ).body;
    assert.equal(c.conversationStart, t.start);
    assert.equal(JSON.stringify(c).includes('attributes'), false);
    assert.equal(
      (await failed(env.sdk.analytics.getAnalyticsConversationDetails(conversationIdOf(env.scenario.seed, 999))))
        .status,
      404,
    );
  });

  it('counts ScreenPop_ScreenRec executions per hour by responseStatus, matching the 408 attribute', async () => {
    const interval = '2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z';
    const response: Models.ActionAggregateQueryResponse = (
      await ok(
        env.sdk.analytics.postAnalyticsActionsAggregatesQuery({
          interval,
          granularity: 'PT1H',
          groupBy: ['actionName', 'responseStatus', 'errorType'],
          metrics: ['tTotalExecution'],
        }),
      )
    ).body;
    const byHour = new Map<string, number>();
    for (const r of response.results ?? []) {
      if (r.group?.['responseStatus'] !== '408') continue;
      assert.equal(r.group['errorType'], 'timeout');
      assert.equal(r.group['actionName'], 'ScreenPop_ScreenRec');
      for (const d of r.data ?? []) byHour.set(d.interval?.slice(0, 13) ?? '', d.metrics?.[0]?.stats?.count ?? 0);
    }
    const expected = new Map<string, number>();
    for (const t of truth) {
      if (!t.dataActionTimedOut || !t.start.startsWith('2026-11-02')) continue;
      // The action runs in the IVR, within seconds of the start; hour buckets are UTC.
      const hour = t.start.slice(0, 13);
      expected.set(hour, (expected.get(hour) ?? 0) + 1);
    }
    const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    assert.ok(total(expected) > 5);
    assert.ok(Math.abs(total(byHour) - total(expected)) <= 1, `${total(byHour)} vs ${total(expected)}`);
    const actions: Models.ActionEntityListing = (
      await ok(env.sdk.integrations.getIntegrationsActions({ includeConfig: true }))
    ).body;
    const screenPop = actions.entities?.find((a) => a.name === 'ScreenPop_ScreenRec');
    assert.equal(screenPop?.config?.timeoutSeconds, 3);
    const bare: Models.ActionEntityListing = (await ok(env.sdk.integrations.getIntegrationsActions({}))).body;
    assert.equal(bare.entities?.[0]?.config, undefined);
    assert.ok(ATTRIBUTE_NAMES.screenPopHttpStatus.length > 0);
  });

  it('pages users and divisions by cursor', async () => {
    const users: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Models.UserCursorEntityListing = (
        await ok(env.sdk.users.getUsersQuery({ pageSize: 4, ...(cursor === undefined ? {} : { cursor }) }))
      ).body;
      users.push(...(page.entities ?? []).map((u) => u.id ?? ''));
      cursor = page.cursor;
    } while (cursor !== undefined);
    assert.equal(users.length, env.scenario.agents + 3);
    assert.equal(new Set(users).size, users.length);
    const divisions: Models.AuthzDivisionCursorListing = (
      await ok(env.sdk.authorization.getAuthorizationDivisionsQuery({ pageSize: '200' }))
    ).body;
    assert.equal(divisions.entities?.length, 1);
    assert.equal(divisions.nextUri, undefined);
  });
});

describe('sandbox recording endpoints (through the SDK)', () => {
  const now = { value: Date.parse('2026-11-10T00:00:00.000Z') };
  const env = useSandbox({
    scenario: 'small',
    overrides: {
      orphanRecordings: 7,
      timeline: { retentionTransitions: true },
      custody: { exportRate: 0.8, exportFailRate: 0.1, readRate: 0.3, outsideQaShare: 0.3, protectRate: 0.05 },
    },
    clock: () => now.value,
  });

  /** Every result of a finished quality audit query, page by page through its cursor. */
  async function qualityAuditResults(
    transactionId: string,
    pageSize: number,
  ): Promise<Models.QualityAuditLogMessage[]> {
    const seen: Models.QualityAuditLogMessage[] = [];
    let cursor: string | undefined;
    do {
      const page: Models.QualityAuditQueryExecutionResultsResponse = (
        await ok(
          env.sdk.quality.getQualityConversationsAuditsQueryTransactionIdResults(transactionId, {
            pageSize,
            ...(cursor === undefined ? {} : { cursor }),
          }),
        )
      ).body;
      seen.push(...(page.entities ?? []));
      cursor = page.cursor;
    } while (cursor !== undefined);
    return seen;
  }

  it('pages the retention query by cursor (pageSize ≤ 500) over every live recording', async () => {
    const expected = groundTruth(env.scenario, 0, undefined, { now: now.value }).flatMap((t) =>
      t.recordings.filter((r) => r.fileState !== 'DELETED').map((r) => r.recordingId),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Models.RecordingRetentionCursorEntityListing = (
        await ok(
          env.sdk.recording.getRecordingsRetentionQuery(1, {
            pageSize: 97,
            ...(cursor === undefined ? {} : { cursor }),
          }),
        )
      ).body;
      seen.push(...(page.entities ?? []).map((e) => e.recordingId ?? ''));
      cursor =
        page.nextUri === undefined
          ? undefined
          : (new URL(page.nextUri, 'http://x').searchParams.get('cursor') ?? undefined);
    } while (cursor !== undefined);
    assert.deepEqual(seen, expected);
    assert.equal((await failed(env.sdk.recording.getRecordingsRetentionQuery(1, { pageSize: 501 }))).status, 400);
  });

  it('lists orphan recordings', async () => {
    const page: Models.OrphanRecordingListing = (await ok(env.sdk.recording.getOrphanrecordings({ pageSize: 25 })))
      .body;
    assert.equal(page.total, 7);
    const screens: Models.OrphanRecordingListing = (
      await ok(env.sdk.recording.getOrphanrecordings({ media: 'Screen' }))
    ).body;
    // The OrphanRecording mediaType enum is upper case; the `media` parameter is Call or Screen.
    assert.ok((screens.entities ?? []).length > 0);
    assert.ok((screens.entities ?? []).every((o) => o.mediaType === 'SCREEN'));
    assert.deepEqual([...new Set((page.entities ?? []).map((o) => o.mediaType))].sort(), ['CALL', 'SCREEN']);
  });

  it('applies, looks up and revokes deletion protection', async () => {
    const truths = groundTruth(env.scenario, 0, undefined, { now: now.value });
    const planned = truths.filter((t) => t.recordings.some((r) => r.protected)).map((t) => t.conversationId);
    assert.ok(planned.length > 0);
    const target = truths.find((t) => t.recordings.length > 0 && !planned.includes(t.conversationId));
    assert.ok(target !== undefined);
    const ids = [target.conversationId, ...planned];
    const before: Models.AddressableEntityRef[] = (
      await ok(env.sdk.recording.postRecordingsDeletionprotection({ conversationIds: ids }))
    ).body;
    assert.deepEqual(before.map((r) => r.id).sort(), [...planned].sort());
    const put: Models.ManageDeleteProtectionResult = (
      await ok(
        env.sdk.recording.putRecordingsDeletionprotection({
          protect: true,
          body: { conversationIds: [target.conversationId, 'nope'] },
        }),
      )
    ).body;
    assert.equal(put.failedUpdates?.length, 1);
    let after: Models.AddressableEntityRef[] = (
      await ok(env.sdk.recording.postRecordingsDeletionprotection({ conversationIds: ids }))
    ).body;
    assert.equal(after.length, planned.length + 1);
    await ok(
      env.sdk.recording.putRecordingsDeletionprotection({
        protect: false,
        body: { conversationIds: [target.conversationId] },
      }),
    );
    after = (await ok(env.sdk.recording.postRecordingsDeletionprotection({ conversationIds: ids }))).body;
    assert.equal(after.length, planned.length);
    const tooMany = Array.from({ length: 1001 }, (_, i) => conversationIdOf(env.scenario.seed, i));
    assert.equal(
      (await failed(env.sdk.recording.postRecordingsDeletionprotection({ conversationIds: tooMany }))).status,
      400,
    );
  });

  it('runs recording bulk jobs: PENDING → READY → PROCESSING → FULFILLED, max 2 active', async () => {
    const query: Models.RecordingJobsQuery = {
      action: 'EXPORT',
      actionDate: '2026-11-10T00:00:00.000Z',
      integrationId: 's3',
      conversationQuery: { interval: '2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z' },
    };
    const a: Models.RecordingJob = (await ok(env.sdk.recording.postRecordingJobs(query))).body;
    const b: Models.RecordingJob = (await ok(env.sdk.recording.postRecordingJobs(query))).body;
    assert.equal(a.state, 'PENDING');
    const third = await failed(env.sdk.recording.postRecordingJobs(query));
    assert.equal(third.status, 400);
    await ok(env.sdk.recording.deleteRecordingJob(b.id ?? ''));
    assert.equal((await ok(env.sdk.recording.getRecordingJob(b.id ?? ''))).body.state, 'CANCELLED');
    let job: Models.RecordingJob = a;
    for (let i = 0; i < 5 && job.state !== 'READY'; i++)
      job = (await ok(env.sdk.recording.getRecordingJob(a.id ?? ''))).body;
    assert.equal(job.state, 'READY');
    assert.ok((job.totalRecordings ?? 0) > 100);
    const executed = await ok(env.sdk.recording.putRecordingJob(a.id ?? '', { state: 'PROCESSING' }));
    assert.equal(executed.status, 200, 'the PUT answers 200 with the RecordingJob');
    job = executed.body;
    assert.equal(job.state, 'PROCESSING');
    for (let i = 0; i < 5 && job.state === 'PROCESSING'; i++)
      job = (await ok(env.sdk.recording.getRecordingJob(a.id ?? ''))).body;
    assert.equal(job.state, 'FULFILLED');
    const failedPage: Models.FailedRecordingEntityListing = (
      await ok(env.sdk.recording.getRecordingJobFailedrecordings(a.id ?? '', { pageSize: 100 }))
    ).body;
    assert.equal(failedPage.total, job.totalFailedRecordings);
    // includeTotal=false: cursor paging (the cursor in nextUri), no total, the same recordings.
    const byCursor: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Models.FailedRecordingEntityListing = (
        await ok(
          env.sdk.recording.getRecordingJobFailedrecordings(a.id ?? '', {
            pageSize: 7,
            includeTotal: false,
            ...(cursor === undefined ? {} : { cursor }),
          }),
        )
      ).body;
      assert.equal(page.total, undefined);
      byCursor.push(...(page.entities ?? []).map((f) => f.recording?.id ?? ''));
      cursor =
        page.nextUri === undefined
          ? undefined
          : (new URL(page.nextUri, 'http://x').searchParams.get('cursor') ?? undefined);
    } while (cursor !== undefined);
    assert.ok(byCursor.length > 7, 'more than one page');
    assert.deepEqual(
      byCursor,
      (failedPage.entities ?? []).map((f) => f.recording?.id ?? ''),
    );
    assert.equal(
      (await failed(env.sdk.recording.getRecordingJobFailedrecordings(a.id ?? '', { pageSize: 101 }))).status,
      400,
    );
    const list: Models.RecordingJobEntityListing = (await ok(env.sdk.recording.getRecordingJobs({ pageSize: 1 }))).body;
    assert.equal(list.total, 2);
    assert.equal(list.pageCount, 2);
  });

  it('answers quality audit queries with every custody event of the ground truth', async () => {
    const truths = groundTruth(env.scenario, 0, undefined, { now: now.value });
    const interval = `2026-11-01T00:00:00.000Z/${new Date(now.value + DAY).toISOString()}`;
    const tx: Models.QualityAuditQueryExecutionStatusResponse = (
      await ok(
        env.sdk.quality.postQualityConversationsAuditsQuery({
          interval,
          filters: [
            { property: 'EntityType', value: 'Recording' },
            { property: 'EntityType', value: 'ScreenRecording' },
          ],
        }),
      )
    ).body;
    assert.equal(tx.state, 'Queued');
    const states: string[] = [];
    for (let i = 0; i < 3; i++) {
      const poll = await ok(env.sdk.quality.getQualityConversationsAuditsQueryTransactionId(tx.id ?? ''));
      states.push(`${poll.body.state ?? ''} ${poll.status}`);
    }
    // 202 while in progress, 200 once done.
    assert.deepEqual(states, ['Running 202', 'Succeeded 200', 'Succeeded 200']);
    const seen = await qualityAuditResults(tx.id ?? '', 500);
    const expected = truths.flatMap((t) => t.recordings.flatMap((r) => r.auditEvents.map((e) => e.id))).sort();
    // The protection test above applied and revoked protection of one conversation through the
    // API (events without a user, not in the ground truth, which knows only planned custody).
    const byApi = seen.filter(
      (e) => e.user === undefined && (e.action === 'ApplyProtection' || e.action === 'RevokeProtection'),
    );
    const protectedByApi = new Set(
      byApi.map((e) => (e.context as Record<string, string> | undefined)?.['conversationId']),
    );
    assert.equal(protectedByApi.size, 1);
    assert.deepEqual(
      seen
        .filter((e) => !byApi.includes(e))
        .map((e) => e.id)
        .sort(),
      expected,
    );
    const actions = new Set(seen.map((e) => e.action));
    for (const a of ['Create', 'Export', 'Read', 'ApplyProtection']) assert.ok(actions.has(a), a);
    assert.ok(seen.some((e) => e.action === 'Export' && e.status === 'Failure'));

    // One conversation, by ConversationId filter.
    const one = truths.find(
      (t) => !protectedByApi.has(t.conversationId) && t.recordings.some((r) => r.auditEvents.length > 2),
    );
    assert.ok(one !== undefined);
    const tx2 = (
      await ok(
        env.sdk.quality.postQualityConversationsAuditsQuery({
          interval,
          filters: [{ property: 'ConversationId', value: one.conversationId }],
        }),
      )
    ).body;
    for (let i = 0; i < 2; i++) await ok(env.sdk.quality.getQualityConversationsAuditsQueryTransactionId(tx2.id ?? ''));
    const page = (
      await ok(env.sdk.quality.getQualityConversationsAuditsQueryTransactionIdResults(tx2.id ?? '', { pageSize: 100 }))
    ).body;
    assert.deepEqual(
      (page.entities ?? []).map((e) => e.id).sort(),
      one.recordings.flatMap((r) => r.auditEvents.map((e) => e.id)).sort(),
    );
  });

  it('answers a later quality audit interval with its events only, after an earlier query planned every conversation', async () => {
    const truths = groundTruth(env.scenario, 0, undefined, { now: now.value });
    const eventDates = truths.map((t) => t.recordings.flatMap((r) => r.auditEvents.map((e) => e.eventDate)).sort());
    // The day of the median conversation's last event: many conversations have events before
    // it and none in it, which the sandbox then skips without planning them again.
    const lastDates = eventDates.flatMap((dates) => dates.slice(-1)).sort();
    const from = Date.parse(lastDates[Math.floor(lastDates.length / 2)] ?? '');
    const startMs = from - (from % DAY);
    const endMs = startMs + DAY;
    const tx = (
      await ok(
        env.sdk.quality.postQualityConversationsAuditsQuery({
          interval: `${new Date(startMs).toISOString()}/${new Date(endMs).toISOString()}`,
          filters: [
            { property: 'EntityType', value: 'Recording' },
            { property: 'EntityType', value: 'ScreenRecording' },
          ],
        }),
      )
    ).body;
    for (let i = 0; i < 2; i++) await ok(env.sdk.quality.getQualityConversationsAuditsQueryTransactionId(tx.id ?? ''));
    const seen = await qualityAuditResults(tx.id ?? '', 100);
    // Without the events of the protection changed through the API (not in the ground truth).
    const planned = seen.filter((e) => e.user !== undefined || !(e.action ?? '').endsWith('Protection'));
    const expected = truths
      .flatMap((t) => t.recordings.flatMap((r) => r.auditEvents))
      .filter((e) => Date.parse(e.eventDate) >= startMs && Date.parse(e.eventDate) < endMs)
      .map((e) => e.id)
      .sort();
    assert.ok(expected.length > 10, `${expected.length} events`);
    assert.deepEqual(planned.map((e) => e.id).sort(), expected);
  });

  it('answers org audit queries with retention policy and integration changes', async () => {
    const tx: Models.AuditQueryExecutionStatusResponse = (
      await ok(
        env.sdk.audit.postAuditsQuery({
          interval: '2026-09-01T00:00:00.000Z/2026-11-10T00:00:00.000Z',
          serviceName: 'Integrations',
          filters: [],
        }),
      )
    ).body;
    for (let i = 0; i < 2; i++) await ok(env.sdk.audit.getAuditsQueryTransactionId(tx.id ?? ''));
    const page: Models.AuditQueryExecutionResultsResponse = (
      await ok(env.sdk.audit.getAuditsQueryTransactionIdResults(tx.id ?? '', {}))
    ).body;
    assert.deepEqual((page.entities ?? []).map((e) => e.entityType).sort(), ['Action', 'Integration']);
  });
});

describe("sandbox: the org admin's bulk export jobs (custody.bulkExportDays)", () => {
  it('lists them once created, PROCESSING, then FULFILLED, naming the recordings in ERROR when they ran', async () => {
    const now = { value: Date.parse('2026-11-01T00:00:00.000Z') };
    const overrides = { custody: { bulkExportDays: [1] } };
    await withSandbox({ scenario: 'small', overrides, clock: () => now.value }, async ({ sdk, scenario }) => {
      // The clock jumps past the token's lifetime: log in again before each reading.
      const jobs = async (): Promise<Models.RecordingJob[]> => {
        await sdk.login();
        return (await ok(sdk.recording.getRecordingJobs({ pageSize: 100 }))).body.entities ?? [];
      };
      assert.deepEqual(await jobs(), [], 'not created yet');
      // Day 1 (2026-11-03 local) ends at 23:00Z; the job is created the next morning.
      now.value = Date.parse('2026-11-04T07:10:00.000Z');
      const [processing] = await jobs();
      assert.equal(processing?.state, 'PROCESSING');
      assert.equal(processing.recordingJobsQuery?.action, 'EXPORT');
      now.value = Date.parse('2026-11-05T00:00:00.000Z');
      await sdk.login();
      const done: Models.RecordingJob = (await ok(sdk.recording.getRecordingJob(processing.id ?? ''))).body;
      assert.equal(done.state, 'FULFILLED');
      const query = done.recordingJobsQuery;
      const [from = '', to = ''] = (query?.conversationQuery?.interval ?? '').split('/');
      const actionMs = Date.parse(query?.actionDate ?? '');
      // Independently: recordings of the conversations overlapping the interval and ended by the
      // action date that were in ERROR then.
      const expected = groundTruth(scenario, 0, undefined, { now: actionMs })
        .filter((c) => c.start < to && c.end > from && Date.parse(c.end) <= actionMs)
        .flatMap((c) => c.recordings.filter((r) => r.fileState === 'ERROR').map((r) => r.recordingId))
        .sort();
      assert.ok(expected.length > 0, 'the small scenario has failed recordings that day');
      const failedPage: Models.FailedRecordingEntityListing = (
        await ok(sdk.recording.getRecordingJobFailedrecordings(done.id ?? '', { pageSize: 100 }))
      ).body;
      assert.deepEqual((failedPage.entities ?? []).map((f) => f.recording?.id ?? '').sort(), expected);
      assert.equal(done.totalFailedRecordings, expected.length);
    });
  });
});

describe('sandbox deletion protection through the API (through the SDK)', () => {
  it('protects by default, overrides the delete date and leaves Protection audit events', async () => {
    const now = { value: Date.parse('2026-11-05T00:00:00.000Z') };
    const overrides = {
      timeline: { retentionTransitions: true },
      custody: { retentionShortenedRate: 1, shortenedDeleteDays: 5 },
    };
    await withSandbox({ scenario: 'small', overrides, clock: () => now.value }, async ({ sdk, scenario }) => {
      const withRecordings = groundTruth(scenario, 0, undefined, { now: now.value }).filter(
        (t) => t.recordings.length > 0,
      );
      const [target, control] = withRecordings;
      assert.ok(target !== undefined && control !== undefined);
      // No `protect` parameter: it defaults to true.
      const put: Models.ManageDeleteProtectionResult = (
        await ok(sdk.recording.putRecordingsDeletionprotection({ body: { conversationIds: [target.conversationId] } }))
      ).body;
      assert.deepEqual(put.failedUpdates, []);
      const lookup: Models.AddressableEntityRef[] = (
        await ok(
          sdk.recording.postRecordingsDeletionprotection({
            conversationIds: [target.conversationId, control.conversationId],
          }),
        )
      ).body;
      assert.deepEqual(
        lookup.map((r) => r.id),
        [target.conversationId],
      );

      const states = async (conversationId: string): Promise<string[]> => {
        await sdk.login();
        const list: Models.RecordingMetadata[] = (
          await ok(sdk.recording.getConversationRecordingmetadata(conversationId))
        ).body;
        return list.map((r) => r.fileState ?? '');
      };
      const auditActions = async (conversationId: string): Promise<Models.QualityAuditLogMessage[]> => {
        const tx = (
          await ok(
            sdk.quality.postQualityConversationsAuditsQuery({
              interval: `2026-11-01T00:00:00.000Z/${new Date(now.value + DAY).toISOString()}`,
              filters: [{ property: 'ConversationId', value: conversationId }],
            }),
          )
        ).body;
        for (let i = 0; i < 2; i++) await ok(sdk.quality.getQualityConversationsAuditsQueryTransactionId(tx.id ?? ''));
        return (
          (await ok(sdk.quality.getQualityConversationsAuditsQueryTransactionIdResults(tx.id ?? '', { pageSize: 500 })))
            .body.entities ?? []
        );
      };

      // A week later the shortened delete date has passed: the control's recordings are deleted, the protected ones not.
      now.value = Date.parse('2026-11-12T00:00:00.000Z');
      assert.ok((await states(control.conversationId)).every((s) => s === 'DELETED'));
      assert.ok((await states(target.conversationId)).every((s) => s !== 'DELETED'));
      let events = await auditActions(target.conversationId);
      const applied = events.filter((e) => e.action === 'ApplyProtection');
      assert.equal(applied.length, target.recordings.length, 'one ApplyProtection event per recording');
      assert.ok(applied.every((e) => e.eventDate?.startsWith('2026-11-05T00:00:00')));
      assert.ok(!events.some((e) => e.action === 'Delete'));

      // Revoked: the passed delete date applies an hour later.
      await ok(
        sdk.recording.putRecordingsDeletionprotection({
          protect: false,
          body: { conversationIds: [target.conversationId] },
        }),
      );
      assert.ok((await states(target.conversationId)).every((s) => s !== 'DELETED'));
      now.value += 2 * 3_600_000;
      assert.ok((await states(target.conversationId)).every((s) => s === 'DELETED'));
      events = await auditActions(target.conversationId);
      assert.equal(events.filter((e) => e.action === 'RevokeProtection').length, target.recordings.length);
      const deletes = events.filter((e) => e.action === 'Delete');
      assert.equal(deletes.length, target.recordings.length);
      assert.ok(deletes.every((e) => e.eventDate?.startsWith('2026-11-12T01:00:00')));
    });
  });
});
