/**
 * The production path end to end: the sandbox's "small" scenario extracted through the real SDK,
 * staged to GCS (fake-gcs-server) and loaded into BigQuery (goccy's bigquery-emulator), compared
 * row for row with the embedded path (file stage, DuckDB) extracting the same sandbox. Both sides
 * are read with plain SQL, timestamps as epoch milliseconds.
 *
 * Load jobs carry many windows (pipeline/load-batch.ts): both sides extract the scenario in PT6H
 * windows, and the BigQuery side loads once one table has 3 files queued (and at the end). The
 * load jobs are counted from the emulator's own jobs list, not from the warehouse's bookkeeping:
 * fewer per table than windows, some carrying files of several windows.
 *
 * EMULATOR GAPS (see also load/bigquery-warehouse.test.ts): the emulator keeps partitioning and
 * clustering as metadata only, reports no `statistics.load.outputRows` (the warehouse then counts
 * rows per file with a query, the path production does not take), and runs multi-statement
 * transactions without showing that they are atomic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BigQuery } from '@google-cloud/bigquery';
import { lineageColumns, tables, type AnyTable } from '../../../contract/tables.ts';
import { planWindows } from '../../../contract/window.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { startEmulators } from '../../helpers/emulators.ts';
import { bigqueryWorkspace, extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const dataset = 'genesys_raw';

/** Columns compared: business columns and the window; not the run, file, extraction time or hash. */
const compared = (definition: AnyTable): [string, string][] => [
  ...Object.entries(definition.columns),
  ['_window_start', lineageColumns._window_start],
  ['_window_end', lineageColumns._window_end],
];

/**
 * Columns that record when the pipeline itself looked (not what the API said), so they differ
 * between two runs of the same scenario; the backfill-resume test makes the same exception.
 */
const observationTime: Readonly<Record<string, readonly string[]>> = {
  recording_reads: ['read_at'],
  deletion_protection: ['checked_at'],
};

const normalise = (rows: readonly Record<string, unknown>[]): string[] =>
  rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row).map(([name, value]) => [
          name,
          value === null ? null : (value as string | number).toString(),
        ]),
      ),
    )
    .sort();

async function duckdbTable(path: string, stream: string, definition: AnyTable): Promise<string[]> {
  const skip = new Set(observationTime[stream] ?? []);
  const select = compared(definition)
    .filter(([name]) => !skip.has(name))
    .map(([name, type]) => (type === 'timestamp' ? `epoch_ms("${name}") as "${name}"` : `"${name}"`))
    .join(', ');
  return normalise(await queryRows(path, `select ${select} from ${definition.table}`));
}

async function bigqueryTable(bigquery: BigQuery, projectId: string, stream: string, definition: AnyTable) {
  const skip = new Set(observationTime[stream] ?? []);
  const select = compared(definition)
    .filter(([name]) => !skip.has(name))
    .map(([name, type]) => (type === 'timestamp' ? `UNIX_MILLIS(\`${name}\`) AS \`${name}\`` : `\`${name}\``))
    .join(', ');
  const [rows] = await bigquery.query({
    query: `SELECT ${select} FROM \`${projectId}.${dataset}.${definition.table}\``,
    location: 'EU',
  });
  return normalise(rows as Record<string, unknown>[]);
}

test(
  'a gs:// stage and a BigQuery warehouse land the same raw rows as the file stage and DuckDB',
  { timeout: 600_000 },
  async (t) => {
    const emulators = await startEmulators(t);
    const workspace = await sandboxWorkspace(t, 'small');
    const production = await bigqueryWorkspace(workspace, emulators, dataset, { BIGQUERY_LOAD_BATCH_FILES: '3' });
    const days = scenarioWindows(workspace.scenario);
    const windows = planWindows(days[0]?.start ?? '', days.at(-1)?.end ?? '', 6 * 3_600_000);
    assert.ok(windows.length >= 8, `${windows.length} windows`);

    const embedded = await extractScenario(workspace, { windows });
    const cloud = await extractScenario(production, { windows });
    assert.deepEqual(
      cloud.reconciliation.map((line) => [line.stream, line.received, line.loaded, line.quarantined]),
      embedded.reconciliation.map((line) => [line.stream, line.received, line.loaded, line.quarantined]),
    );

    const bigquery = emulators.bigquery();
    let rows = 0;
    for (const [stream, definition] of Object.entries(tables)) {
      const expected = await duckdbTable(workspace.config.warehousePath, stream, definition);
      const actual = await bigqueryTable(bigquery, emulators.projectId, stream, definition);
      assert.equal(actual.length, expected.length, `${definition.table}: row count`);
      assert.deepEqual(actual, expected, definition.table);
      rows += actual.length;
    }
    t.diagnostic(`compared ${rows} raw rows in ${Object.keys(tables).length} tables`);
    assert.ok(rows > 1_000, `the scenario loaded rows (${rows})`);

    // Every staged file is in etl_files once, and its rows are in its table once.
    const [files] = await bigquery.query({
      query: `SELECT file_id, table_name, row_count FROM \`${emulators.projectId}.${dataset}.etl_files\``,
      location: 'EU',
    });
    const fileRows = files as { file_id: string; table_name: string; row_count: number | string }[];
    assert.equal(new Set(fileRows.map((file) => file.file_id)).size, fileRows.length, 'no file recorded twice');
    assert.equal(fileRows.length, cloud.filesStaged);
    const [perFile] = await bigquery.query({
      query: `SELECT _file_id, COUNT(*) AS n FROM \`${emulators.projectId}.${dataset}.raw_genesys__conversations\` GROUP BY 1`,
      location: 'EU',
    });
    const recorded = new Map(fileRows.map((file) => [file.file_id, Number(file.row_count)]));
    for (const entry of perFile as { _file_id: string; n: number | string }[]) {
      assert.equal(Number(entry.n), recorded.get(entry._file_id), entry._file_id);
    }

    // Load jobs as the emulator lists them: one per table per load, each carrying many windows' files.
    const [jobs] = await bigquery.getJobs({ allUsers: true });
    const loadJobs = jobs.filter((job) => (job.id ?? '').startsWith('genesys_etl_load_'));
    const windowOfUri = new Map(
      (
        (
          await bigquery.query({
            query: `SELECT uri, CAST(UNIX_MILLIS(window_start) AS STRING) AS w FROM \`${emulators.projectId}.${dataset}.etl_files\``,
            location: 'EU',
          })
        )[0] as { uri: string; w: string | null }[]
      ).map((file) => [file.uri, file.w ?? 'run-level']),
    );
    const perTable = new Map<string, { jobs: number; windows: Set<string>[] }>();
    for (const job of loadJobs) {
      const [metadata] = (await job.getMetadata()) as [
        { configuration?: { load?: { sourceUris?: string[]; destinationTable?: { tableId?: string } } } },
        ...unknown[],
      ];
      const load = metadata.configuration?.load;
      const table = load?.destinationTable?.tableId ?? '?';
      const entry = perTable.get(table) ?? { jobs: 0, windows: [] };
      entry.jobs += 1;
      entry.windows.push(new Set((load?.sourceUris ?? []).map((uri) => windowOfUri.get(uri) ?? '?')));
      perTable.set(table, entry);
    }
    t.diagnostic(
      `${windows.length} windows; load jobs per table (emulator's jobs list): ${JSON.stringify(
        Object.fromEntries([...perTable].map(([table, entry]) => [table, entry.windows.map((set) => set.size)])),
      )} (windows carried per job)`,
    );
    assert.ok(perTable.has('raw_genesys__conversations'), 'conversations were loaded by load jobs');
    for (const [table, entry] of perTable) {
      assert.ok(entry.jobs < windows.length, `${table}: ${entry.jobs} load jobs for ${windows.length} windows`);
    }
    assert.ok(
      (perTable.get('raw_genesys__conversations')?.windows ?? []).some((carried) => carried.size > 1),
      'a load job carried files of several windows',
    );

    // The manifest object was written, last, listing the files.
    const [manifests] = await emulators.storage().bucket('genesys-stage').getFiles({ prefix: 'etl/manifests/' });
    assert.deepEqual(
      manifests.map((file) => file.name),
      [`etl/manifests/${cloud.runId}.json`],
    );
  },
);
