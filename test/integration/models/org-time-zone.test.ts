/**
 * dbt build passes whatever the org's time zone: the unit tests pin the vars they depend on, so
 * an org in America/New_York or Asia/Tokyo builds its marts as one in Europe/Berlin does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxClient, scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels, extractAndLoad } from '../../../scripts/commands/shared.ts';
import type { Progress } from '../../../scripts/progress.ts';
import { sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const quiet: Progress = { update: () => undefined, log: () => undefined };

test('dbt build passes for orgs outside the default time zone', { timeout: 300_000 }, async (t) => {
  const { scenario, sandbox, config } = await sandboxWorkspace(t, 'small');
  await extractAndLoad(config, {
    command: 'test',
    clients: [sandboxClient(config, sandbox, quiet, 0)],
    windows: scenarioWindows(scenario, 1),
    pseudonymisationKey: 'time-zone-test-key',
    progress: quiet,
    jobPollMs: 10,
  });
  for (const zone of ['America/New_York', 'Asia/Tokyo']) {
    await buildModels({ ...config, orgTimezone: zone }, quiet);
    // The marts were rebuilt in that zone: a conversation's local date and hour follow its offset.
    const rows = await queryRows(
      config.warehousePath,
      `select count(*)::int as wrong from fct_recording_compliance
       where local_hour <> extract(hour from timezone('${zone}', conversation_started_at))`,
    );
    assert.deepEqual(rows, [{ wrong: 0 }], zone);
  }
});
