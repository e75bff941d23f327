/**
 * Incremental builds (README, "Incremental builds"): after a first build, a later extraction
 * (an earlier day extracted again once its conversations ended and recordings settled, and a
 * new day) is built incrementally, and every incremental model must then equal a full-refresh
 * build of the same raw data, row for row. A marked row of a conversation the later
 * extraction did not touch proves that the build kept what it did not need to redo: a full
 * rebuild would drop it, and re-processing its conversation would write the row again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadScenario } from '../../../sandbox/index.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { runDbt } from '../../../scripts/dbt.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The models built incrementally (their schema and table), each keyed by conversation. */
const incrementalModels = [
  'genesys_staging.stg_genesys__participants',
  'genesys_staging.stg_genesys__sessions',
  'genesys_staging.stg_genesys__segments',
  'genesys_staging.stg_genesys__participant_attributes',
  'genesys_staging.int_agent_sessions_summarised',
  'genesys_staging.int_agent_sessions_matched_to_policy_versions',
  'genesys_staging.int_agent_sessions_joined_to_policies',
  'genesys_staging.int_recordings_matched_to_agent_sessions',
  'genesys_staging.int_wrap_up_codes_aggregated_to_agent_sessions',
  'genesys_staging.int_ivr_flows_aggregated_to_conversations',
  'genesys_staging.int_participant_attributes_pivoted_to_conversations',
  'genesys_staging.int_conversations_summarised',
  'genesys_marts.fct_recording_compliance',
];

/** Runs statements against a warehouse file read-write (dbt must not have it open). */
async function execute(path: string, statements: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const count = async (path: string, sql: string): Promise<number> => {
  const [row] = await queryRows(path, sql);
  return Number(row?.['n']);
};

test(
  'an incremental build equals a full refresh of the same raw data, and redoes only what changed',
  {
    timeout: 600_000,
  },
  async (t) => {
    const scenario = { ...(await loadScenario('small')), days: 3 };
    const windows = scenarioWindows(scenario);
    assert.equal(windows.length, 3, 'one window per day');
    const firstDay = Date.parse(windows[0]?.start ?? '');
    const clock = { now: firstDay + DAY + 14 * HOUR };
    const workspace = await sandboxWorkspace(t, scenario, {
      sandbox: { clock: () => clock.now },
      env: { PSEUDONYMISATION_KEY: 'incremental-test-key' },
    });
    const warehouse = workspace.config.warehousePath;
    const reference = join(workspace.dir, 'reference.duckdb');
    const dbt = (args: readonly string[], path: string): Promise<void> =>
      runDbt([...args, '--select', '+fct_recording_compliance'], {
        warehousePath: path,
        vars: { org_timezone: scenario.orgTimeZone },
      });

    // A first daily run at 14:00 on day 2 (conversations after it not there yet, the latest
    // recordings not settled), dated three days back so that the default look-back (48 h before
    // the latest extraction) leaves it out of the next build; then the first build.
    await extractScenario(workspace, { windows: windows.slice(0, 2), now: new Date(clock.now) });
    const lineage = await queryRows(
      warehouse,
      `select table_name from information_schema.columns
      where table_schema = 'main' and column_name = '_extracted_at' and table_name like 'raw_%'`,
    );
    assert.ok(lineage.length > 5);
    await execute(
      warehouse,
      lineage.map(
        (row) => `update main.${String(row['table_name'])} set _extracted_at = _extracted_at - interval 3 day`,
      ),
    );
    await dbt(['run'], warehouse);
    const secondDay = `conversation_started_at >= '${new Date(firstDay + DAY).toISOString()}'`;
    const firstBuild = await queryRows(
      warehouse,
      `select count(*)::int as n, count(*) filter (where audio_status = 'pending')::int as pending
       from genesys_marts.fct_recording_compliance where ${secondDay}`,
    );

    // The next daily run, after the scenario's end: day 2 again (the look-back) and day 3.
    clock.now = firstDay + 3 * DAY + 6 * HOUR;
    await extractScenario(workspace, { windows: windows.slice(1, 3), now: new Date(clock.now) });
    // And an observation newer still of one day-2 conversation in which an agent session (and its
    // segments) is gone, as when Genesys drops a participant's session on a later read: copies of
    // the rows of its latest observation, but that session's, under a new run.
    const [gone] = await queryRows(
      warehouse,
      `select conversation_id, participant_id, session_id, agent_session_id
       from genesys_marts.fct_recording_compliance where ${secondDay} order by agent_session_id limit 1`,
    );
    assert.ok(gone !== undefined, 'the first build has a day-2 agent session');
    const [conversationId, participantId, sessionId] = [
      gone['conversation_id'],
      gone['participant_id'],
      gone['session_id'],
    ].map(String);
    const latest = `(select _run_id, _extracted_at from main.raw_genesys__conversations
      where conversation_id = '${conversationId}' order by _extracted_at desc limit 1)`;
    const reobserved = (table: string, keep: string): string =>
      `insert into main.${table}
       select * replace ('test-rerun' as _run_id, 'test-rerun-file' as _file_id,
                         (select max(_extracted_at) from main.raw_genesys__conversations) + interval 1 second
                           as _extracted_at)
         from main.${table}
        where conversation_id = '${conversationId}' and (_run_id, _extracted_at) in ${latest} and ${keep}`;
    const thatSession = `participant_id = '${participantId}' and session_id = '${sessionId}'`;
    const otherSessions = `not (${thatSession})`;
    await execute(warehouse, [
      reobserved('raw_genesys__participants', 'true'),
      reobserved('raw_genesys__sessions', otherSessions),
      reobserved('raw_genesys__segments', otherSessions),
      reobserved('raw_genesys__participant_attributes', 'true'),
      // the parent last: the children above select its previous latest observation
      reobserved('raw_genesys__conversations', 'true'),
    ]);
    await copyFile(warehouse, reference);

    // Mark one row of a day-1 conversation in each incremental model (its conversation id
    // suffixed): the next build must neither drop it nor write the original row again.
    const firstDayConversation = `(select conversation_id from genesys_staging.stg_genesys__conversations
      where conversation_started_at < '${new Date(firstDay + DAY - 6 * HOUR).toISOString()}')`;
    const marked = new Map<string, string>();
    for (const model of incrementalModels) {
      const [row] = await queryRows(
        warehouse,
        `select min(conversation_id) as id from ${model} where conversation_id in ${firstDayConversation}`,
      );
      assert.ok(typeof row?.['id'] === 'string', `${model} has a day-1 row`);
      marked.set(model, row['id']);
    }
    await execute(
      warehouse,
      [...marked].map(
        ([model, id]) =>
          `update ${model} set conversation_id = conversation_id || '#kept'
          where rowid = (select min(rowid) from ${model} where conversation_id = '${id}')`,
      ),
    );

    await dbt(['run'], warehouse);
    await dbt(['run', '--full-refresh'], reference);

    await t.test('the build redid only the conversations extracted within the look-back', async () => {
      const rebuilt = await count(warehouse, 'select count(*) as n from genesys_staging.int_conversations_to_rebuild');
      const conversations = await count(
        warehouse,
        'select count(*) as n from genesys_staging.stg_genesys__conversations',
      );
      const earlier = await count(
        warehouse,
        `select count(*) as n from genesys_staging.int_conversations_to_rebuild
        where conversation_id in ${firstDayConversation}`,
      );
      assert.ok(rebuilt > 0 && rebuilt < conversations, `${rebuilt} of ${conversations} conversations redone`);
      assert.equal(earlier, 0, 'no day-1 conversation redone');
      for (const model of incrementalModels) {
        assert.equal(
          await count(
            warehouse,
            `select count(*) as n from ${model} where conversation_id = '${marked.get(model)}#kept'`,
          ),
          1,
          `${model}: the marked row of an untouched conversation survived (no full rebuild)`,
        );
      }
    });

    await t.test('an agent session a newer observation no longer carries is gone', async () => {
      assert.equal(
        await count(
          warehouse,
          `select count(*) as n from genesys_marts.fct_recording_compliance
          where agent_session_id = '${String(gone['agent_session_id'])}'`,
        ),
        0,
      );
      assert.equal(
        await count(
          warehouse,
          `select count(*) as n from genesys_staging.stg_genesys__segments
          where conversation_id = '${conversationId}' and ${thatSession}`,
        ),
        0,
      );
    });

    await t.test('day 2 extracted again changed its rows: new conversations, settled recordings', async () => {
      const [before] = firstBuild;
      const [after] = await queryRows(
        warehouse,
        `select count(*)::int as n, count(*) filter (where audio_status = 'pending')::int as pending
         from genesys_marts.fct_recording_compliance
        where ${secondDay} and conversation_started_at < '${new Date(firstDay + 2 * DAY).toISOString()}'`,
      );
      assert.ok(Number(after?.['n']) > Number(before?.['n']), 'day 2 has more required sessions');
      assert.equal(after?.['pending'], 0, 'every day-2 recording has settled');
      assert.ok(Number(before?.['pending']) > 0, 'the first build saw recordings still pending');
    });

    await t.test('every incremental model equals its full refresh, row for row', async () => {
      await execute(
        warehouse,
        [...marked].map(
          ([model, id]) => `update ${model} set conversation_id = '${id}' where conversation_id = '${id}#kept'`,
        ),
      );
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(`attach '${warehouse}' as incremental (read_only)`);
        await connection.run(`attach '${reference}' as reference (read_only)`);
        for (const model of incrementalModels) {
          const differences = async (from: string, other: string): Promise<number> => {
            const reader = await connection.runAndReadAll(
              `select count(*)::int from (select * from ${from}.${model} except all select * from ${other}.${model})`,
            );
            return Number(reader.getRows()[0]?.[0]);
          };
          const rows = await connection.runAndReadAll(`select count(*)::int from reference.${model}`);
          assert.ok(Number(rows.getRows()[0]?.[0]) > 0, `${model} has rows`);
          assert.deepEqual(
            [await differences('incremental', 'reference'), await differences('reference', 'incremental')],
            [0, 0],
            `${model}: rows only in the incremental build, rows only in the full refresh`,
          );
        }
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });
  },
);
