/**
 * Cost ∝ new data: a backfill of N days, then daily `run`s one day apart on a sandbox clock. The
 * daily run makes the same requests after 5 days of history as after 1 (counted by the sandbox,
 * per route), never pages the retention query (a scheduled sweep, done by the backfill), and the
 * custody audit events in the warehouse are still every event of the extracted windows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditEventIds, groundTruth, loadScenario, parseScenario } from '../../../sandbox/index.ts';
import { backfillThenDaily, steadyStateConfig, type RunCost } from '../../../scripts/bench/steady-state.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { queryColumn } from '../../helpers/warehouse.ts';

/** Routes whose pages follow the day's own audit events, which differ from day to day. */
const dataDependent = new Set(['quality.audits.results', 'audits.results']);
const fixedRoutes = (cost: RunCost): Record<string, number> =>
  Object.fromEntries(Object.entries(cost.byRoute).filter(([route]) => !dataDependent.has(route)));

test('a daily run costs the same after 5 days of history as after 1, and custody stays complete', async (t) => {
  const small = await loadScenario('small');
  const scenario = parseScenario({ ...small, days: 9, callsPerDay: 300 });
  const dirs = await Promise.all([1, 2].map(() => mkdtemp(join(tmpdir(), 'genesys-etl-steady-'))));
  t.after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const [shortDir = '', longDir = ''] = dirs;
  const short = await backfillThenDaily(scenario, 1, steadyStateConfig(shortDir));
  const longConfig = steadyStateConfig(longDir);
  const long = await backfillThenDaily(scenario, 5, longConfig, 2);
  const [afterOne] = short.daily;
  assert.ok(afterOne !== undefined);

  await t.test('the backfill sweeps the retention query once; no daily run pages it', () => {
    assert.ok(short.backfill.retentionQueryRequests > 0);
    assert.ok(long.backfill.retentionQueryRequests > short.backfill.retentionQueryRequests, 'the sweep grows');
    for (const daily of [afterOne, ...long.daily]) assert.equal(daily.retentionQueryRequests, 0);
  });

  await t.test('the daily run sends the same requests whatever the history (sandbox counts)', () => {
    for (const daily of long.daily) {
      assert.equal(daily.conversations, afterOne.conversations);
      assert.deepEqual(fixedRoutes(daily), fixedRoutes(afterOne));
      const ratio = daily.sandboxRequests / afterOne.sandboxRequests;
      assert.ok(Math.abs(ratio - 1) <= 0.05, `daily requests ${daily.sandboxRequests} vs ${afterOne.sandboxRequests}`);
      // About 50 requests a run do not depend on its size (600 conversations here); the bench measures
      // the default scenario's 6000.
      assert.ok(daily.requestsPerConversation <= 1.1, `${daily.requestsPerConversation} requests per conversation`);
    }
  });

  await t.test('custody: every recording audit event of the extracted windows is loaded', async () => {
    const from = Date.parse(scenarioWindows(scenario, 5)[0]?.start ?? '');
    const to = Math.floor(long.now / 86_400_000) * 86_400_000;
    const truth = groundTruth(scenario, undefined, undefined, { now: long.now });
    const at = new Map(
      truth.flatMap((c) =>
        c.recordings.flatMap((r) => r.auditEvents.map((e) => [e.id, Date.parse(e.eventDate)] as const)),
      ),
    );
    const expected = auditEventIds(scenario, { now: long.now }).filter((id) => {
      const ms = at.get(id) ?? Number.NaN;
      return ms >= from && ms < to;
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(
      await queryColumn(
        longConfig.warehousePath,
        'select distinct event_id from raw_genesys__recording_audit_events order by 1',
      ),
      expected,
    );
  });

  await t.test('the ledger keeps when the sweep ran', async () => {
    assert.deepEqual(await queryColumn(longConfig.warehousePath, 'select key from etl_stream_state order by 1'), [
      'recording_lifecycle.last_sweep',
    ]);
  });
});
