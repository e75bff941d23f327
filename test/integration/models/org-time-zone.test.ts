/**
 * dbt build passes whatever the org's time zone: the unit tests pin the vars they depend on, so
 * an org in America/New_York or Asia/Tokyo builds its marts as one in Europe/Berlin does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

test('dbt build passes for orgs outside the default time zone', { timeout: 300_000 }, async (t) => {
  const workspace = await sandboxWorkspace(t, 'small', { env: { PSEUDONYMISATION_KEY: 'time-zone-test-key' } });
  const { scenario, config } = workspace;
  await extractScenario(workspace, { windows: scenarioWindows(scenario, 1) });
  for (const zone of ['America/New_York', 'Asia/Tokyo']) {
    await buildModels({ ...config, orgTimezone: zone }, quiet);
    // The marts were rebuilt in that zone: a conversation's local date and hour follow its offset.
    const rows = await queryRows(
      config.warehousePath,
      `select count(*)::int as wrong from genesys_marts.fct_recording_compliance
       where local_hour <> extract(hour from timezone('${zone}', conversation_started_at))`,
    );
    assert.deepEqual(rows, [{ wrong: 0 }], zone);
  }
});
