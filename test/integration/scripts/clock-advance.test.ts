/**
 * `genesys-etl run` twice against a sandbox whose clock moves on in between: the second run
 * continues from the last completed window minus the look-back, and so picks up recordings that
 * were still UPLOADING, conversations whose media statistics arrived late, and conversations that
 * were not yet in the analytics lake.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dataAvailabilityMs,
  groundTruth,
  indexOfConversationId,
  loadScenario,
  parseScenario,
  planConversation,
  startSandbox,
} from '../../../sandbox/index.ts';
import { planRun, run, type RunOptions } from '../../../scripts/commands/run.ts';
import { parseConfig } from '../../../scripts/config.ts';
import { runDbt } from '../../../scripts/dbt.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { queryColumn } from '../../helpers/warehouse.ts';

const HOUR = 3_600_000;

test('a second run after the clock moves on picks up late recordings and changed conversations', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-clock-'));
  const small = await loadScenario('small');
  // Recordings settle 2–6 h after the call; media statistics arrive 3 h after it, later than
  // the lake's 90 min lag, so the first run reads some conversations without them.
  const scenario = parseScenario({
    ...small,
    timeline: { ...small.timeline, settleMinutes: 120, settleJitterMinutes: 240, metricsDelayMinutes: 180 },
  });
  let now = Date.parse('2026-11-03T14:00:00Z');
  const sandbox = await startSandbox({ scenario, clock: () => now });
  t.after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  const config = parseConfig(sandboxEnv(sandbox, dir, { EXTRACT_LOOKBACK: 'PT6H' }), dir);
  const warehouse = config.warehousePath;
  const options = (from?: string): RunOptions => ({
    command: 'run',
    from,
    to: undefined,
    window: 'PT6H',
    parallel: 2,
    dryRun: false,
    skipDbt: true,
    now: new Date(now),
  });
  const stage = async (): Promise<void> => {
    await runDbt(['build', '--select', 'staging', '--indirect-selection', 'cautious'], { warehousePath: warehouse });
  };
  const withoutMetrics = (): Promise<string[]> =>
    queryColumn(
      warehouse,
      'select conversation_id from genesys_staging.stg_genesys__conversations where minimum_conversation_mos is null order by 1',
    );
  const uploading = (): Promise<string[]> =>
    queryColumn(
      warehouse,
      `select recording_id from genesys_staging.stg_genesys__recordings where file_state = 'UPLOADING' order by 1`,
    );

  // First run at 14:00Z on the scenario's second day: windows up to 12:00Z.
  await run(config, options('2026-11-01T18:00:00Z'));
  await stage();
  const lateMetrics = await withoutMetrics();
  const lateRecordings = await uploading();
  const firstCount = (
    await queryColumn(warehouse, 'select count(*) from genesys_staging.stg_genesys__conversations')
  )[0];
  assert.ok(lateMetrics.length > 0, 'the first run read some conversations before their media statistics');
  assert.ok(lateRecordings.length > 0, 'the first run saw some recordings still UPLOADING');

  // Eight hours later, `run` continues from the last completed window minus the 6 h look-back.
  now += 8 * HOUR;
  const plan = await planRun(config, options());
  assert.deepEqual(
    plan.windows.map((w) => `${w.start} ${plan.done.has(`${w.start}|${w.end}`) ? 'again' : 'new'}`),
    ['2026-11-03T06:00:00.000Z again', '2026-11-03T12:00:00.000Z new'],
  );
  await run(config, options());
  await stage();

  await t.test('conversations read before their statistics arrived now carry them', async () => {
    assert.deepEqual(await withoutMetrics(), [], 'no conversation in the look-back is left without statistics');
    const mos = await queryColumn(
      warehouse,
      `select cast(minimum_conversation_mos as varchar) from genesys_staging.stg_genesys__conversations
        where conversation_id in (${lateMetrics.map((id) => `'${id}'`).join(', ')}) order by conversation_id`,
    );
    assert.deepEqual(
      mos.map(Number),
      lateMetrics.map((id) => planConversation(scenario, indexOfConversationId(scenario.seed, id) ?? -1).mos),
    );
  });

  await t.test('every recording has its state as of the second run; none seen UPLOADING is left so', async () => {
    const end = Date.parse('2026-11-03T18:00:00Z');
    const availability = dataAvailabilityMs(scenario, now);
    const truth = groundTruth(scenario, undefined, undefined, { now }).filter(
      (c) => Date.parse(c.start) < end && Date.parse(c.end) <= availability,
    );
    assert.deepEqual(
      await queryColumn(
        warehouse,
        `select recording_id || ' ' || file_state from genesys_staging.stg_genesys__recordings order by recording_id`,
      ),
      truth.flatMap((c) => c.recordings.map((r) => `${r.recordingId} ${r.fileState}`)).sort(),
    );
    const stillUploading = new Set(await uploading());
    assert.deepEqual(
      lateRecordings.filter((id) => stillUploading.has(id)),
      [],
    );
    assert.deepEqual(
      await queryColumn(warehouse, 'select conversation_id from genesys_staging.stg_genesys__conversations order by 1'),
      truth
        .filter((c) => c.malformed === null)
        .map((c) => c.conversationId)
        .sort(),
    );
    assert.ok(truth.filter((c) => c.malformed === null).length > Number(firstCount), 'new conversations arrived');
  });
});
