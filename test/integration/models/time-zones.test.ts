/**
 * The pipeline on orgs outside Europe/Berlin: America/New_York across the 2026-11-01 fall-back
 * and the 2026-03-08 spring-forward (a 24-hour profile), and Asia/Tokyo (a night shift, so
 * local days straddle UTC midnight). dbt build passes, and agg_recording_compliance_hourly
 * equals the ground truth UTC hour by UTC hour, with the local date, hour and offset of each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groundTruth, type ConversationTruth } from '../../../sandbox/index.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const threshold = 0.9;

interface HourTruth {
  interactions: number;
  verified: number;
  localDate: string;
  localHour: number;
  utcOffsetMinutes: number;
}

interface HourRow {
  readonly hour: string;
  readonly localDate: string;
  readonly localHour: number;
  readonly offset: number;
  readonly label: string;
  readonly interactions: number;
  readonly reported: number;
  readonly verified: number;
}

const verifiedAgent = (agent: ConversationTruth['agents'][number]): boolean =>
  agent.audio !== 'error' &&
  agent.audio !== 'missing' &&
  agent.screen !== 'error' &&
  agent.screen !== 'missing' &&
  !(agent.screen === 'truncated' && (agent.screenCoverage ?? 0) < threshold);

/**
 * Per UTC hour of the start: the covered, handled, valid conversations and the verified ones,
 * each counted once per queue and agent it has a required session with (the mart's rows).
 */
function expectedHours(truth: readonly ConversationTruth[]): Map<string, HourTruth> {
  const byHour = new Map<string, HourTruth>();
  for (const c of truth) {
    if (c.malformed !== null || !c.handled || !c.coveredByPolicy) continue;
    const entry = byHour.get(c.startHourUtc) ?? {
      interactions: 0,
      verified: 0,
      localDate: c.localDate,
      localHour: c.localHour,
      utcOffsetMinutes: c.utcOffsetMinutes,
    };
    const covered = c.agents.filter((agent) => agent.coveredByPolicy);
    // The mart's rows are per queue and agent too: an interaction counts once in each.
    const rows = new Set(covered.map((agent) => `${agent.queueId} ${agent.userId}`)).size;
    entry.interactions += rows;
    if (covered.every(verifiedAgent)) entry.verified += rows;
    byHour.set(c.startHourUtc, entry);
  }
  return byHour;
}

async function hourlyMart(warehouse: string): Promise<HourRow[]> {
  const rows = await queryRows(
    warehouse,
    `select strftime(timezone('UTC', conversation_started_hour_utc), '%Y-%m-%dT%H:00:00.000Z') as hour,
            cast(any_value(local_date) as varchar) as local_date,
            any_value(local_hour)::int as local_hour,
            any_value(utc_offset_minutes)::int as utc_offset_minutes,
            any_value(local_hour_label) as local_hour_label,
            count(distinct local_hour_label)::int as labels,
            sum(interactions)::int as interactions,
            sum(reported_compliant_interactions)::int as reported,
            sum(verified_compliant_interactions)::int as verified
     from genesys_marts.agg_recording_compliance_hourly group by 1 order by 1`,
  );
  return rows.map((r) => {
    assert.equal(r['labels'], 1, `one local label per UTC hour ${String(r['hour'])}`);
    return {
      hour: String(r['hour']),
      localDate: String(r['local_date']),
      localHour: Number(r['local_hour']),
      offset: Number(r['utc_offset_minutes']),
      label: String(r['local_hour_label']),
      interactions: Number(r['interactions']),
      reported: Number(r['reported']),
      verified: Number(r['verified']),
    };
  });
}

const signed = (minutes: number): string => {
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
};

/** Runs the pipeline on a scenario and checks the hourly mart against its ground truth. */
async function checkScenario(t: test.TestContext, name: string): Promise<HourRow[]> {
  const workspace = await sandboxWorkspace(t, name, { env: { PSEUDONYMISATION_KEY: 'time-zone-test-key' } });
  const { scenario, config } = workspace;
  await extractScenario(workspace);
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

  const truth = groundTruth(scenario);
  assert.equal(truth.length, scenario.expected?.['conversations']);
  const expected = expectedHours(truth);
  const rows = await hourlyMart(config.warehousePath);
  assert.deepEqual(
    rows.map((r) => r.hour),
    [...expected.keys()].sort(),
    'the same UTC hours',
  );
  for (const row of rows) {
    const hour = expected.get(row.hour);
    assert.ok(hour !== undefined, row.hour);
    assert.deepEqual(
      {
        localDate: row.localDate,
        localHour: row.localHour,
        offset: row.offset,
        label: row.label,
        interactions: row.interactions,
        reported: row.reported,
        verified: row.verified,
      },
      {
        localDate: hour.localDate,
        localHour: hour.localHour,
        offset: hour.utcOffsetMinutes,
        label: `${hour.localDate} ${String(hour.localHour).padStart(2, '0')}:00 ${signed(hour.utcOffsetMinutes)}`,
        interactions: hour.interactions,
        reported: hour.interactions,
        verified: hour.verified,
      },
      row.hour,
    );
  }
  return rows;
}

// One test per scenario, each with its own time budget (a pipeline run and a dbt build each).
const budget = { timeout: 600_000 };

test('America/New_York across the fall-back: two 01:00 rows with different offsets', budget, async (t) => {
  const rows = await checkScenario(t, 'new-york-dst');
  const repeated = rows.filter((r) => r.localDate === '2026-11-01' && r.localHour === 1);
  assert.deepEqual(
    repeated.map((r) => [r.hour, r.offset, r.label]),
    [
      ['2026-11-01T05:00:00.000Z', -240, '2026-11-01 01:00 -04:00'],
      ['2026-11-01T06:00:00.000Z', -300, '2026-11-01 01:00 -05:00'],
    ],
  );
});

test('America/New_York across the spring-forward: no 02:00 row', budget, async (t) => {
  const rows = await checkScenario(t, 'new-york-spring');
  const day = rows.filter((r) => r.localDate === '2026-03-08');
  assert.ok(day.some((r) => r.offset === -300) && day.some((r) => r.offset === -240));
  for (const r of day) assert.equal(r.offset, r.localHour < 2 ? -300 : -240, r.hour);
  assert.ok(!day.some((r) => r.localHour === 2));
});

test('Asia/Tokyo: local days that straddle UTC midnight', budget, async (t) => {
  const rows = await checkScenario(t, 'tokyo');
  assert.ok(rows.some((r) => r.localDate === '2026-11-02' && r.hour.startsWith('2026-11-01')));
  assert.ok(rows.some((r) => r.localDate === '2026-11-02' && r.hour.startsWith('2026-11-02')));
  assert.ok(rows.every((r) => r.offset === 540));
});
