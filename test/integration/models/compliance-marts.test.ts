/**
 * The compliance marts' headline figures on the `clean` and `small` scenarios (the `default`
 * scenario, two of its days, is default-marts.test.ts), through the real pipeline and dbt. Every expectation is computed here from the sandbox
 * generator's ground truth, never through the marts' SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groundTruth } from '../../../sandbox/index.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { assertRate, figuresBy, rate, rollupGroups, total } from '../../helpers/compliance-truth.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

for (const scenarioName of ['clean', 'small']) {
  test(
    `the compliance marts on the ${scenarioName} scenario match its ground truth`,
    { timeout: 900_000 },
    async (t) => {
      const workspace = await sandboxWorkspace(t, scenarioName, {
        env: { PSEUDONYMISATION_KEY: 'compliance-marts-key' },
      });
      const { scenario, config } = workspace;
      await extractScenario(workspace);
      await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);
      const warehouse = config.warehousePath;
      const truth = groundTruth(scenario);
      const byDate = figuresBy(truth, (conversation) => conversation.localDate);
      const expected = total(byDate);

      await t.test('daily interactions in scope, reported and verified per local date, queue and agent', async () => {
        // The marts count an interaction once in each queue and agent row it has a required
        // session in (and a conversation runs one flow, so summing over flow versions is exact).
        const groups = rollupGroups(
          truth,
          (conversation, agent) => `${conversation.localDate} ${agent.queueId} ${agent.userId}`,
        );
        const expectedGroups = new Map(
          [...groups].map(([group, row]) => [
            group,
            {
              interactions: row['interactions_in_scope'],
              reported: row['reported_compliant_interactions'],
              verified: row['verified_compliant_interactions'],
            },
          ]),
        );
        const rows = await queryRows(
          warehouse,
          `select cast(local_date as varchar) || ' ' || queue_id || ' ' || user_id as grp,
                sum(interactions_in_scope)::int as interactions,
                sum(reported_compliant_interactions)::int as reported,
                sum(verified_compliant_interactions)::int as verified
         from genesys_marts.agg_recording_compliance_daily
         group by all order by 1`,
        );
        assert.deepEqual(
          rows.map((row) => row['grp']),
          [...expectedGroups.keys()].sort(),
        );
        for (const row of rows) {
          const { grp, ...figures } = row;
          assert.deepEqual(figures, expectedGroups.get(String(grp)), String(grp));
        }
        const dates = await queryRows(
          warehouse,
          `select cast(local_date as varchar) as local_date, sum(interactions_in_scope)::int as interactions
         from genesys_marts.agg_recording_compliance_daily group by all order by 1`,
        );
        assert.deepEqual(
          dates.map((row) => row['local_date']),
          [...byDate.keys()].sort(),
        );
      });

      await t.test('distinct interactions in scope and verified compliance over the scenario', async () => {
        const [row] = await queryRows(
          warehouse,
          `with interactions as (
           select conversation_id,
                  bool_and(is_reported_compliant) as reported,
                  bool_and(is_verified_compliant) as verified
           from genesys_marts.fct_recording_compliance group by conversation_id)
         select count(*)::int as interactions,
                count(*) filter (where reported)::int as reported,
                count(*) filter (where verified)::int as verified
         from interactions`,
        );
        assert.deepEqual(row, {
          interactions: expected.interactions,
          reported: expected.reported,
          verified: expected.verified,
        });
        if (scenarioName === 'clean')
          assert.equal(expected.verified, expected.interactions, 'clean is fully compliant');
        else assert.ok(expected.verified < expected.interactions, 'small has failures');
      });

      await t.test('daily totals are the sums of the hourly rows', async () => {
        const rows = await queryRows(
          warehouse,
          `with hourly as (
           select local_date, queue_id, user_id, flow_name, flow_version,
                  sum(interactions_in_scope) as interactions, sum(verified_compliant_interactions) as verified,
                  sum(reported_but_failed_interactions) as failed, sum(agent_sessions) as sessions
           from genesys_marts.agg_recording_compliance_hourly group by all),
         daily as (
           select local_date, queue_id, user_id, flow_name, flow_version,
                  interactions_in_scope as interactions, verified_compliant_interactions as verified,
                  reported_but_failed_interactions as failed, agent_sessions as sessions
           from genesys_marts.agg_recording_compliance_daily)
         select count(*)::int as groups,
                count(*) filter (where hourly.interactions is distinct from daily.interactions
                                    or hourly.verified is distinct from daily.verified
                                    or hourly.failed is distinct from daily.failed
                                    or hourly.sessions is distinct from daily.sessions)::int as different
         from hourly full outer join daily
           on hourly.local_date = daily.local_date
          and hourly.queue_id is not distinct from daily.queue_id
          and hourly.user_id is not distinct from daily.user_id
          and hourly.flow_name is not distinct from daily.flow_name
          and hourly.flow_version is not distinct from daily.flow_version`,
        );
        const [row] = rows;
        assert.equal(row?.['different'], 0);
        assert.ok(Number(row['groups']) > 0);
      });

      await t.test('screen failure rate with and without the data-action timeout', async () => {
        const [row] = await queryRows(
          warehouse,
          `select sum(interactions_with_timeout)::int as with_timeout,
                sum(screen_failures_with_timeout)::int as failures_with_timeout,
                sum(interactions_without_timeout)::int as without_timeout,
                sum(screen_failures_without_timeout)::int as failures_without_timeout,
                sum(screen_failures_with_timeout) / nullif(sum(interactions_with_timeout), 0) as rate_with,
                sum(screen_failures_without_timeout) / nullif(sum(interactions_without_timeout), 0) as rate_without
         from genesys_marts.agg_recording_failure_root_cause`,
        );
        assert.equal(row?.['with_timeout'], expected.withTimeout);
        assert.equal(row['failures_with_timeout'], expected.failuresWithTimeout);
        assert.equal(row['without_timeout'], expected.withoutTimeout);
        assert.equal(row['failures_without_timeout'], expected.failuresWithoutTimeout);
        const expectedWith = rate(expected.failuresWithTimeout, expected.withTimeout);
        const expectedWithout = rate(expected.failuresWithoutTimeout, expected.withoutTimeout);
        assertRate(row['rate_with'], expectedWith, 'failure rate with timeout');
        assertRate(row['rate_without'], expectedWithout, 'failure rate without timeout');
        if (scenarioName === 'small') {
          // The story the scenario tells: failures follow the 408s.
          assert.ok((expectedWith ?? 0) > (expectedWithout ?? 1) * 3, 'small: failures follow the timeouts');
        } else {
          assert.equal(expected.withTimeout, 0, 'clean has no timeouts');
          assert.equal(expectedWithout, 0, 'clean has no failures');
        }
      });

      await t.test("the action's executions and timeouts are the conversations' data-action outcomes", async () => {
        const rows = await queryRows(
          warehouse,
          `select data_action_name, max(timeout_seconds)::int as timeout_seconds,
                sum(action_executions)::int as executions, sum(action_timeouts)::int as timeouts
         from genesys_marts.agg_recording_failure_root_cause
         where data_action_name = 'ScreenPop_ScreenRec' group by all`,
        );
        // The flow runs the action once per conversation the org had (whether or not the
        // extract could read it), so the aggregates count every planned conversation.
        assert.deepEqual(rows, [
          {
            data_action_name: 'ScreenPop_ScreenRec',
            timeout_seconds: 3,
            executions: truth.length,
            timeouts: truth.filter((conversation) => conversation.dataActionTimedOut).length,
          },
        ]);
      });
    },
  );
}
