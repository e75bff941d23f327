/**
 * The synchronous details query on the realism scenario: conversations still in progress at
 * the clock come without conversationEnd and with open segments, and only conversations in
 * the OAuth client's divisions are served (detail jobs filter the same way).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Models } from 'purecloud-platform-client-v2';
import { groundTruth } from '../../../sandbox/index.ts';
import { ok } from './helpers/sdk.ts';
import { withSandbox } from './helpers/use-sandbox.ts';

it('the sync query serves in-progress conversations open and only visible divisions', async () => {
  const now = Date.parse('2026-11-02T12:00:00.000Z');
  await withSandbox({ scenario: 'realism', clock: () => now }, async ({ sdk, scenario }) => {
    const truth = groundTruth(scenario, undefined, undefined, { now });
    const response: Models.AnalyticsConversationQueryResponse = (
      await ok(
        sdk.analytics.postAnalyticsConversationsDetailsQuery({
          interval: '2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z',
          paging: { pageSize: 100, pageNumber: 1 },
        }),
      )
    ).body;
    const served = response.conversations ?? [];
    const byId = new Map(truth.map((t) => [t.conversationId, t]));
    const started = truth.filter((t) => Date.parse(t.start) <= now);
    assert.ok(
      started.some((t) => !t.visible),
      'some started conversations are outside the client divisions',
    );
    for (const c of served) assert.equal(byId.get(c.conversationId ?? '')?.visible, true);
    const live = served.filter((c) => Date.parse(byId.get(c.conversationId ?? '')?.end ?? '') > now);
    assert.ok(live.length > 0, 'a conversation is in progress at the clock');
    for (const c of live) {
      if (byId.get(c.conversationId ?? '')?.malformed !== null) continue;
      assert.equal(c.conversationEnd, undefined);
      const segments = (c.participants ?? []).flatMap((p) => (p.sessions ?? []).flatMap((s) => s.segments ?? []));
      assert.ok(
        segments.some((s) => s.segmentEnd === undefined),
        'an open segment',
      );
      for (const s of segments) assert.ok(Date.parse(s.segmentStart ?? '') <= now, 'nothing from the future');
    }
  });
});
