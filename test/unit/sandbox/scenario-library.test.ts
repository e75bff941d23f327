import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conversationCount,
  injectedMalformedIds,
  loadScenario,
  planConversation,
  renderConversation,
  summarizeCustody,
  summarizeGroundTruth,
  groundTruth,
  MALFORMED_KINDS,
} from '../../../sandbox/index.ts';

const near = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
};

describe('scenario library', () => {
  it('clean: no failures, verified equals reported', async () => {
    const s = await loadScenario('clean');
    const g = summarizeGroundTruth(s);
    const e = s.expected ?? {};
    assert.equal(g.conversations, e['conversations']);
    assert.equal(g.malformed, 0);
    assert.equal(g.screenFailureShare, 0);
    assert.equal(g.dataActionTimeouts, 0);
    assert.equal(g.verifiedCompliance, g.reportedCompliance);
    assert.equal(g.verifiedCompliance, 1);
  });

  it('hostile: every fault on, the stated headline figures', async () => {
    const s = await loadScenario('hostile');
    const g = summarizeGroundTruth(s);
    const e = s.expected ?? {};
    assert.equal(g.conversations, e['conversations']);
    assert.equal(g.malformed, e['malformed']);
    assert.equal(g.schemaDrift, e['schemaDrift']);
    near(g.screenFailureShare, e['screenFailureShareApprox'] ?? 0, 0.02, 'screen failures');
    near(g.verifiedCompliance, e['verifiedComplianceApprox'] ?? 0, 0.02, 'verified');
    assert.equal(injectedMalformedIds(s).length, g.malformed);
    const f = s.faults;
    for (const rate of [f.http5xxRate, f.http429Rate, f.slowRate, f.shortPageRate, f.detailJobFailedRate]) {
      assert.ok(rate > 0);
    }
    assert.ok(f.detailJobCancelledRate > 0 && f.detailJobExpiredRate > 0 && f.recordingsEmpty202Rate > 0);
    assert.equal(s.limits.requestsPerMinute, 0);
    assert.deepEqual([...s.malformedKinds].sort(), [...MALFORMED_KINDS].sort(), 'hostile uses every malformation kind');
    const used = new Set(groundTruth(s).flatMap((t) => (t.malformed === null ? [] : [t.malformed])));
    assert.deepEqual([...used].sort(), [...MALFORMED_KINDS].sort(), 'every kind really occurs');
  });

  it('custody: exports, access outside QA, protection, shortened retention, deletions', async () => {
    const s = await loadScenario('custody');
    const e = s.expected ?? {};
    const c = summarizeCustody(s, { now: e['asOfEpochMs'] ?? 0 });
    for (const key of [
      'recordings',
      'exported',
      'exportFailed',
      'exportNever',
      'reads',
      'downloads',
      'accessOutsideQa',
      'protectedConversations',
      'protectionRevoked',
      'retentionShortened',
      'deleted',
      'archived',
      'auditEvents',
    ] as const) {
      assert.equal(c[key], e[key], key);
      assert.ok(c[key] > 0, key);
    }
    near(summarizeGroundTruth(s).verifiedCompliance, e['verifiedComplianceApprox'] ?? 0, 0.01, 'verified');
  });

  it('time zones: New York across both DST changes and a Tokyo night shift', async () => {
    const hoursOf = async (name: string): Promise<Set<string>> => {
      const s = await loadScenario(name);
      assert.equal(conversationCount(s), s.expected?.['conversations'], name);
      const hours = new Set<string>();
      for (let i = 0; i < conversationCount(s); i++) {
        const a = planConversation(s, i).arrival;
        hours.add(`${a.localDate} ${a.localHour} ${a.utcOffsetMinutes}`);
      }
      return hours;
    };
    const fallBack = await hoursOf('new-york-dst');
    assert.ok(fallBack.has('2026-11-01 1 -240') && fallBack.has('2026-11-01 1 -300'));
    const spring = await hoursOf('new-york-spring');
    assert.ok(![...spring].some((h) => h.startsWith('2026-03-08 2 ')));
    const tokyo = await hoursOf('tokyo');
    assert.ok([...tokyo].every((h) => h.endsWith(' 540')) && tokyo.has('2026-11-02 0 540'));
  });

  it('large: a million conversations, any page generated on its own', async () => {
    const s = await loadScenario('large');
    assert.equal(conversationCount(s), s.expected?.['conversations']);
    const before = process.memoryUsage().heapUsed;
    for (let i = 999_000; i < 1_000_000; i++) renderConversation(s, planConversation(s, i), true, Infinity);
    assert.ok(process.memoryUsage().heapUsed - before < 200 * 1024 * 1024);
  });
});
