import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenario, parseScenario, ScenarioError, ScenarioSchema } from '../../../sandbox/index.ts';

describe('scenario', () => {
  it('loads the bundled scenarios by name', async () => {
    const def = await loadScenario('default');
    assert.equal(def.days * def.callsPerDay, 42_000);
    assert.equal(def.orgTimeZone, 'Europe/Berlin');
    assert.deepEqual(
      def.queues.filter((q) => !q.coveredByPolicy).map((q) => q.name),
      ['Internal Helpdesk'],
    );
    const small = await loadScenario('small');
    assert.equal(small.agents, 10);
    const faulty = await loadScenario('faulty');
    assert.equal(faulty.limits.requestsPerMinute, 120);
    assert.equal(faulty.faults.http5xxRate, 0.05);
  });

  it('applies defaults to an empty scenario', () => {
    const scenario = ScenarioSchema.parse({});
    assert.equal(scenario.regionHost, 'mypurecloud.ie');
    assert.equal(scenario.credentials.clientId, 'sandbox-client');
    assert.equal(scenario.screenFailure.modes.truncated, 0.25);
    assert.equal(scenario.limits.detailJobPageSizeMax, 1000);
    assert.equal(scenario.jobs.pollsBeforeFulfilled, 2);
  });

  it('names the bad field in errors', () => {
    assert.throws(
      () => parseScenario({ queues: [{ name: 'A', share: -1, coveredByPolicy: true }] }),
      (error: unknown) => error instanceof ScenarioError && error.message.includes('queues.0.share'),
    );
    assert.throws(
      () => parseScenario({ callsPerDya: 5 }),
      (error: unknown) => error instanceof ScenarioError && error.message.includes('callsPerDya'),
    );
    assert.throws(
      () => parseScenario({ orgTimeZone: 'Mars/Olympus' }),
      (error: unknown) => error instanceof ScenarioError && error.message.includes('orgTimeZone'),
    );
    assert.throws(
      () => parseScenario({ screenFailure: { peakStartHour: 14, peakEndHour: 14 } }),
      (error: unknown) => error instanceof ScenarioError && error.message.includes('screenFailure.peakEndHour'),
    );
  });

  it('reports a missing scenario file clearly', async () => {
    await assert.rejects(loadScenario('no-such-scenario'), ScenarioError);
  });
});
