import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetFigures, scenarioSlice, throughputFigures } from '../../../../scripts/bench/figures.ts';

describe('bench figures', () => {
  it('slices a scenario into whole days of at most its calls per day', () => {
    const large = { days: 20, callsPerDay: 50_000 };
    assert.deepEqual(scenarioSlice(large, 10_000), { days: 1, callsPerDay: 10_000 });
    assert.deepEqual(scenarioSlice(large, 200_000), { days: 4, callsPerDay: 50_000 });
    assert.deepEqual(scenarioSlice(large, 120_000), { days: 3, callsPerDay: 40_000 });
    assert.deepEqual(scenarioSlice(large, 5_000_000), { days: 20, callsPerDay: 50_000 });
  });

  it('computes throughput and requests per conversation', () => {
    assert.deepEqual(throughputFigures({ conversations: 3000, milliseconds: 1500, apiRequests: 3060 }), {
      conversations: 3000,
      seconds: 1.5,
      conversationsPerSecond: 2000,
      apiRequests: 3060,
      requestsPerConversation: 1.02,
    });
  });

  it('computes the combined budget share and the 429 share across clients', () => {
    const figures = budgetFigures(
      [
        { requests: 610, rateLimited: 10 },
        { requests: 570, rateLimited: 0 },
      ],
      300,
      120,
    );
    assert.equal(figures.requestsSent, 1180);
    assert.equal(figures.requestsAccepted, 1170);
    assert.equal(figures.responses429, 10);
    assert.equal(figures.budgetShareUsed, 0.975);
    assert.equal(figures.share429, 0.0085);
    assert.deepEqual(
      figures.perClient.map((c) => c.budgetShareUsed),
      [1, 0.95],
    );
  });
});
