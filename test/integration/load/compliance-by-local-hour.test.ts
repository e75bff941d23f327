/**
 * What the compliance-gap alert reads from the marts (Warehouse.complianceByLocalHour), on a
 * real DuckDB file whose marts the test fills by hand: the org is in America/New_York and the
 * latest complete day is the DST fall-back of 2026-11-01, whose 01:00 hour happens twice. A
 * transferred interaction has sessions in two queues (two rows of the hourly rollup) and must
 * count once; an interaction is verified only when all its sessions are.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { handFilledWarehouse } from '../../helpers/warehouse.ts';

const schema = 'genesys_marts';

const hourly = `create table ${schema}.agg_recording_compliance_hourly as
  select cast(hour_utc as timestamptz) as conversation_started_hour_utc, cast(local_date as date) as local_date,
    local_hour_label, local_hour, queue_id
  from (values
    ('2026-10-31 18:00:00+00', '2026-10-31', '2026-10-31 14:00 -04:00', 14, 'q1'),
    ('2026-11-01 05:00:00+00', '2026-11-01', '2026-11-01 01:00 -04:00', 1, 'q1'),
    ('2026-11-01 05:00:00+00', '2026-11-01', '2026-11-01 01:00 -04:00', 1, 'q2'),
    ('2026-11-01 06:00:00+00', '2026-11-01', '2026-11-01 01:00 -05:00', 1, 'q1'),
    ('2026-11-02 15:00:00+00', '2026-11-02', '2026-11-02 10:00 -05:00', 10, 'q1')
  ) as t (hour_utc, local_date, local_hour_label, local_hour, queue_id)`;

const sessions = `create table ${schema}.fct_recording_compliance as
  select conversation_id, cast(hour_utc as timestamptz) as conversation_started_hour_utc,
    is_reported_compliant, is_verified_compliant
  from (values
    ('c5', '2026-10-31 18:00:00+00', true, false),
    ('c1', '2026-11-01 05:00:00+00', true, true),
    ('c1', '2026-11-01 05:00:00+00', true, false),
    ('c2', '2026-11-01 05:00:00+00', true, true),
    ('c3', '2026-11-01 06:00:00+00', false, false),
    ('c4', '2026-11-01 06:00:00+00', true, true),
    ('c6', '2026-11-02 15:00:00+00', true, true)
  ) as t (conversation_id, hour_utc, is_reported_compliant, is_verified_compliant)`;

async function compliance(t: TestContext, statements: readonly string[], beforeLocalDate: string) {
  const warehouse = await openDuckdbWarehouse(await handFilledWarehouse(t, schema, statements));
  try {
    return await warehouse.complianceByLocalHour(schema, beforeLocalDate);
  } finally {
    await warehouse.close();
  }
}

test('the fall-back day: two 01:00 hours, the transferred interaction counted once', async (t) => {
  assert.deepEqual(await compliance(t, [hourly, sessions], '2026-11-02'), [
    {
      localDate: '2026-11-01',
      localHourLabel: '2026-11-01 01:00 -04:00',
      localHour: 1,
      interactions: 2,
      reportedCompliant: 2,
      verifiedCompliant: 1,
    },
    {
      localDate: '2026-11-01',
      localHourLabel: '2026-11-01 01:00 -05:00',
      localHour: 1,
      interactions: 2,
      reportedCompliant: 1,
      verifiedCompliant: 1,
    },
  ]);
});

test('the latest local date before the given one is read, not the given one', async (t) => {
  assert.deepEqual(await compliance(t, [hourly, sessions], '2026-11-01'), [
    {
      localDate: '2026-10-31',
      localHourLabel: '2026-10-31 14:00 -04:00',
      localHour: 14,
      interactions: 1,
      reportedCompliant: 1,
      verifiedCompliant: 0,
    },
  ]);
});

test('before dbt has built both marts there is nothing to check', async (t) => {
  assert.deepEqual(await compliance(t, [hourly], '2026-11-02'), []);
  assert.deepEqual(await compliance(t, [], '2026-11-02'), []);
});
