import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidateRange, overlappingPage } from '../../../sandbox/generator/overlap.ts';
import { conversationCount, loadScenario, planConversation } from '../../../sandbox/index.ts';
import type { Scenario } from '../../../sandbox/index.ts';

const scenario = await loadScenario('small');

function bruteForce(s: Scenario, startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < conversationCount(s); i++) {
    const plan = planConversation(s, i);
    if (plan.startMs < endMs && plan.endMs > startMs) out.push(i);
  }
  return out;
}

function allPages(s: Scenario, startMs: number, endMs: number, pageSize: number): number[] {
  const range = candidateRange(s, startMs, endMs);
  const out: number[] = [];
  let from: number | null = range.from;
  while (from !== null) {
    const page = overlappingPage(s, range, from, pageSize);
    assert.ok(page.plans.length <= pageSize);
    if (page.next !== null) assert.equal(page.plans.length, pageSize, 'only the last page is short');
    out.push(...page.plans.map((p) => p.index));
    from = page.next;
  }
  return out;
}

describe('overlap selection', () => {
  const windows: [string, string][] = [
    ['2026-11-02T12:00:00Z', '2026-11-02T13:00:00Z'],
    ['2026-11-02T13:00:00Z', '2026-11-02T14:00:00Z'],
    ['2026-11-01T00:00:00Z', '2026-11-05T00:00:00Z'],
    ['2026-11-02T18:55:00Z', '2026-11-02T19:05:00Z'],
    ['2026-11-02T22:00:00Z', '2026-11-03T06:00:00Z'],
  ];

  it('returns exactly the conversations whose lifetime overlaps [start, end), in start order', () => {
    for (const [a, b] of windows) {
      const expected = bruteForce(scenario, Date.parse(a), Date.parse(b));
      for (const pageSize of [1, 7, 1000])
        assert.deepEqual(allPages(scenario, Date.parse(a), Date.parse(b), pageSize), expected);
    }
  });

  it('returns a conversation that straddles a window boundary in both windows', () => {
    const boundary = Date.parse('2026-11-02T13:00:00Z');
    const first = allPages(scenario, boundary - 3_600_000, boundary, 50);
    const second = allPages(scenario, boundary, boundary + 3_600_000, 50);
    const both = first.filter((i) => second.includes(i));
    assert.ok(both.length > 0);
    for (const i of both) {
      const plan = planConversation(scenario, i);
      assert.ok(plan.startMs < boundary && plan.endMs > boundary);
    }
  });

  it('returns nothing outside the scenario and everything over it', () => {
    assert.deepEqual(
      allPages(scenario, Date.parse('2027-01-01T00:00:00Z'), Date.parse('2027-01-02T00:00:00Z'), 10),
      [],
    );
    assert.equal(allPages(scenario, 0, Date.parse('2030-01-01T00:00:00Z'), 1000).length, conversationCount(scenario));
  });
});
