import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderConversation } from '../../../sandbox/generator/conversation-payload.ts';
import { candidateRange, overlappingPage } from '../../../sandbox/generator/overlap.ts';
import {
  conversationCount,
  conversationIdOf,
  indexOfConversationId,
  loadScenario,
  parseScenario,
  planConversation,
  startMsOf,
} from '../../../sandbox/index.ts';

describe('scale', () => {
  it('serves any page of a million-conversation org without generating the rest', async () => {
    const scenario = parseScenario({ ...(await loadScenario('default')), days: 334 });
    assert.equal(conversationCount(scenario), 1_002_000);
    const last = conversationCount(scenario) - 1;
    assert.equal(indexOfConversationId(scenario.seed, conversationIdOf(scenario.seed, last)), last);
    const start = startMsOf(scenario, last - 2000);
    const range = candidateRange(scenario, start, start + 3_600_000);
    assert.ok(range.to - range.from < 2000, 'only the window is scanned');
    const page = overlappingPage(scenario, range, range.from, 100);
    assert.equal(page.plans.length, 100);
    assert.ok(page.plans.every((p) => p.startMs < start + 3_600_000 && p.endMs > start));
  });

  it('generates a 1000-conversation page quickly', async () => {
    const scenario = await loadScenario('default');
    const timings: number[] = [];
    for (let rep = 0; rep < 6; rep++) {
      const t0 = performance.now();
      const parts: string[] = [];
      for (let i = rep * 1000; i < (rep + 1) * 1000; i++) {
        parts.push(JSON.stringify(renderConversation(scenario, planConversation(scenario, i), true, Infinity)));
      }
      assert.ok(parts.join(',').length > 1_000_000);
      timings.push(performance.now() - t0);
    }
    const best = Math.min(...timings);
    // Typically 25-40 ms warm; the bound is loose so that slow CI machines do not flake.
    assert.ok(best < 250, `best page took ${best.toFixed(1)} ms`);
  });
});
