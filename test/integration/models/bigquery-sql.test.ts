/**
 * The dbt project's BigQuery SQL, run on the BigQuery emulator, whose analyzer is GoogleSQL's
 * own (go-googlesql). The project is compiled for BigQuery by dbt (`compile --no-populate-cache`
 * renders the incremental models' incremental SQL, which is the full-refresh SQL plus filters);
 * the raw and ledger tables are created by the BigQuery warehouse, as the loader creates them.
 * Then:
 * - every model is created in dependency order from its compiled SQL (a model that reads its own
 *   table first gets an empty one from its contract's columns), and every data test's SQL runs:
 *   a dialect error, an unknown function or column, or a type mismatch fails here, where
 *   DuckDB-only tests never look; the column types of every contract-enforced model's query must
 *   be its contract's, as dbt-bigquery checks before it builds one;
 * - every dbt unit test (the discrepancy rules, DST days, custody verdicts) is compiled for
 *   BigQuery by dbt, and its SQL, run here, must return the rows it expects: the BigQuery
 *   branches of the dispatched macros (time zones, hours, intervals) are checked on data;
 * - fct_recording_custody_events, which on BigQuery chains each recording's hashes with a
 *   JavaScript function (BigQuery stops a recursive CTE after 500 iterations; macro
 *   custody_event_chain, bigquery__) defined by the model's sql_header: the function's
 *   JavaScript runs in Node over a chain of 1,200 events against Node's crypto, and the model's
 *   SQL runs on the emulator over hand-made events against hashes computed here from the
 *   documented format. The emulator evaluates the function again for each row it returns, so its
 *   chains are short.
 * Beyond the unit tests' fixtures the raw tables are empty: the marts' numbers over a whole
 * scenario are DuckDB's tests' business.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { mapWithConcurrency } from '../../../contract/concurrency.ts';
import { nullableLiteral, quoteLiteral } from '../../../load/bigquery/sql.ts';
import { openBigQueryWarehouse } from '../../../load/bigquery/warehouse.ts';
import { DbtError } from '../../../contract/errors.ts';
import { runDbt, type DbtTarget } from '../../../scripts/dbt.ts';
import {
  compileForBigQuery,
  compiledCode,
  createModel,
  dbtTargetPath,
  inDependencyOrder,
  modelDatasets,
  queryRunner,
  readManifest,
  type FixtureValue,
  type ManifestNode,
} from '../../helpers/bigquery-models.ts';
import { emulatorProject, startEmulators } from '../../helpers/emulators.ts';

const location = 'EU';
const rawDataset = 'genesys_raw';
const custodyModel = 'model.genesys_compliance.fct_recording_custody_events';

interface CustodyEvent {
  readonly recording_id: string;
  readonly conversation_id: string;
  readonly event_sequence: number;
  readonly event_type: string;
  readonly event_source: string;
  readonly event_outcome: string | null;
  readonly actor_user_id: string | null;
  /** ISO timestamp with microseconds. */
  readonly event_at: string;
  readonly source_event_id: string | null;
  readonly event_detail: string | null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Microseconds since the epoch of an ISO timestamp with six fraction digits. */
function epochMicros(iso: string): string {
  const match = /^(.*\.\d{3})(\d{3})Z$/.exec(iso);
  if (match === null) throw new Error(`not a microsecond timestamp: ${iso}`);
  return (BigInt(Date.parse(`${match[1] ?? ''}Z`)) * 1000n + BigInt(match[2] ?? '0')).toString();
}

/** The event's hash input after the previous hash: '|' and each field, nulls spelled '_null_'. */
function hashInput(event: CustodyEvent): string {
  const fields = [
    event.recording_id,
    event.conversation_id,
    String(event.event_sequence),
    event.event_type,
    event.event_source,
    event.event_outcome,
    event.actor_user_id,
    epochMicros(event.event_at),
    event.source_event_id,
    event.event_detail,
  ];
  return fields.map((field) => `|${field ?? '_null_'}`).join('');
}

/** The BigQuery API's (legacy) names of the types the marts' contracts spell in GoogleSQL. */
const legacyTypeNames: Readonly<Record<string, string>> = {
  string: 'STRING',
  int64: 'INTEGER',
  float64: 'FLOAT',
  bool: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/**
 * Unit tests the emulator cannot run, each with the error it gives. string_agg(distinct … order
 * by …) over a group whose values are all null crashes it (BigQuery returns null).
 */
const emulatorUnitTestGaps: Readonly<Record<string, RegExp>> = {
  test_int_recording_custody_events_aggregated_allowed_group_by_title: /nil pointer dereference/,
  test_int_recording_custody_events_aggregated_allowed_group_by_user_id: /nil pointer dereference/,
};

/** Whether a value the emulator returned is the one a unit test's fixture spells. */
function sameValue(expected: FixtureValue | undefined, actual: unknown): boolean {
  if (actual === null || actual === undefined) return expected === null || expected === undefined;
  if (expected === null || expected === undefined) return false;
  if (typeof actual === 'number') return Math.abs(actual - Number(expected)) < 1e-9;
  const text = String(expected);
  if (typeof actual === 'string' || typeof actual === 'boolean') return String(actual) === text;
  if (typeof actual === 'object' && 'value' in actual && typeof actual.value === 'string') {
    // BigQueryDate ("2024-05-01") as it is; BigQueryTimestamp (ISO) and the fixture's as instants.
    if (/^\d{4}-\d{2}-\d{2}$/.test(actual.value)) return actual.value === text;
    const instant = (value: string): number => Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
    return instant(actual.value) === instant(text);
  }
  return false;
}

/**
 * The rows a unit test expects that the SQL did not return, and the rows it returned beyond
 * them, on the expected columns (as dbt compares them); '' when both are none.
 */
function unmatchedRows(
  expected: readonly Readonly<Record<string, FixtureValue>>[],
  actual: readonly Record<string, unknown>[],
): string {
  const left = [...actual];
  const missing = expected.filter((row) => {
    const at = left.findIndex((candidate) =>
      Object.entries(row).every(([column, value]) => sameValue(value, candidate[column])),
    );
    if (at >= 0) left.splice(at, 1);
    return at < 0;
  });
  if (missing.length === 0 && left.length === 0) return '';
  const columns = Object.keys(expected[0] ?? {});
  const extra = left.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])));
  return `expected and not returned ${JSON.stringify(missing)}; returned and not expected ${JSON.stringify(extra)}`;
}

/**
 * The function's JavaScript body (between r""" and """) as a function of hash_inputs, run in a
 * context of its own as BigQuery runs it: no Node globals, nothing but the language.
 */
function chainFunction(header: string): (inputs: readonly string[]) => string[] {
  const body = /r"""([\s\S]*)"""/.exec(header)?.[1];
  assert.ok(body !== undefined, 'the header has a raw-string JavaScript body');
  const run = runInNewContext(`(function (hash_inputs) {\n${body}\n})`) as (inputs: string[]) => unknown;
  // The result is an array of the other context: its JSON is compared.
  return (inputs) => JSON.parse(JSON.stringify(run([...inputs]))) as string[];
}

/** A string of `length` UTF-16 units from a mix of 1- to 4-byte UTF-8 characters. */
function mixedText(length: number, seed: number): string {
  const pieces = ['a', '|', '_', 'é', 'ß', '€', '中', '😀', '𝄞', ' '];
  let text = '';
  let state = seed;
  while (text.length < length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += pieces[state % pieces.length] ?? '';
  }
  return text.slice(0, length).replace(/[\ud800-\udbff]$/, 'x');
}

function expectedChain(inputs: readonly string[]): string[] {
  const hashes: string[] = [];
  for (const input of inputs) hashes.push(sha256((hashes.at(-1) ?? '') + input));
  return hashes;
}

function eventsOf(recording: string, count: number, seed: number): CustodyEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    recording_id: recording,
    conversation_id: `conv-${recording}`,
    event_sequence: i + 1,
    event_type: i === 0 ? 'created' : 'read',
    event_source: i === 0 ? 'retention_query' : 'recording_audit',
    event_outcome: i === 0 ? null : 'success',
    actor_user_id: i % 3 === 1 ? null : `user-${String(i % 4)}`,
    event_at: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T0${String(i % 10)}:1${String(i % 6)}:0${String(i % 10)}.${String(123_456 + i * 7).padStart(6, '0')}Z`,
    source_event_id: i === 0 ? null : `audit-${recording}-${String(i)}`,
    event_detail: i % 4 === 2 ? null : mixedText(5 + ((seed + i * 13) % 70), seed + i),
  }));
}

test("the project's BigQuery SQL on the emulator", async (t) => {
  const emulators = await startEmulators(t);
  const bigqueryTarget: DbtTarget = {
    kind: 'bigquery',
    projectId: emulatorProject,
    dataset: rawDataset,
    location,
    apiEndpoint: emulators.bigqueryUrl,
  };
  const nodes = await compileForBigQuery(bigqueryTarget);
  const bigquery = emulators.bigquery();
  const warehouse = await openBigQueryWarehouse({
    bigquery,
    storage: emulators.storage(),
    target: { projectId: emulatorProject, dataset: rawDataset, location },
  });
  await warehouse.close();
  const models = nodes.filter((node) => node.resource_type === 'model');
  for (const dataset of modelDatasets(models)) {
    assert.notEqual(dataset, rawDataset, 'models live in datasets of their own');
    await bigquery.createDataset(dataset, { location });
  }
  const run = queryRunner(bigquery, location);

  /** The columns and legacy type names of a table, as the BigQuery API describes it. */
  const tableTypes = async (relation: string): Promise<Record<string, string>> => {
    const [, dataset, table] = /^`([^`]+)`\.`([^`]+)`\.`([^`]+)`$/.exec(relation)?.slice(1) ?? [];
    assert.ok(dataset !== undefined && table !== undefined, relation);
    const response = await bigquery.dataset(dataset).table(table).getMetadata();
    const { schema } = response[0] as { schema?: { fields?: { name: string; type: string }[] } };
    return Object.fromEntries((schema?.fields ?? []).map((field) => [field.name, field.type]));
  };

  await t.test('every model is created from its compiled SQL, in dependency order, of its contract types', async () => {
    const failed: string[] = [];
    for (const model of inDependencyOrder(models)) {
      try {
        const typed = await createModel(run, model);
        if (model.config.contract?.enforced === true) {
          const contract = Object.fromEntries(
            Object.values(model.columns).map((column) => [
              column.name,
              legacyTypeNames[(column.data_type ?? '').toLowerCase()] ?? column.data_type,
            ]),
          );
          assert.deepEqual(await tableTypes(typed), contract, `${model.name}: the query's types are its contract's`);
        }
      } catch (error) {
        failed.push(`${model.name}: ${String(error)}`);
      }
    }
    assert.deepEqual(failed, []);
    assert.ok(models.length >= 60, `${String(models.length)} models`);
    assert.ok(models.filter((model) => model.config.contract?.enforced === true).length >= 10, 'contracts checked');
  });

  await t.test("every data test's SQL runs on the models' tables", async () => {
    const dataTests = nodes.filter((node) => node.resource_type === 'test');
    // In batches of 25 (one query each: the emulator's cost is mostly per query); a batch that
    // fails runs again test by test, to name each failing one.
    const batches = Array.from({ length: Math.ceil(dataTests.length / 25) }, (_, i) =>
      dataTests.slice(i * 25, i * 25 + 25),
    );
    const failed: string[] = [];
    const query = (batch: readonly ManifestNode[]): string =>
      batch
        .map((dataTest) => `select count(*) as failures from (${compiledCode(dataTest)}) as test_rows`)
        .join('\nunion all\n');
    await mapWithConcurrency(batches, 2, async (batch) => {
      try {
        await run(query(batch));
      } catch {
        for (const dataTest of batch) {
          await run(query([dataTest])).catch((error: unknown) => failed.push(`${dataTest.name}: ${String(error)}`));
        }
      }
    });
    assert.deepEqual(failed, []);
    assert.ok(dataTests.length >= 300, `${String(dataTests.length)} data tests`);
  });

  await t.test("every dbt unit test's expected rows come out of the BigQuery SQL", async () => {
    // dbt runs a unit test on the emulator only as far as compiling it: the emulator's query jobs
    // have no destination table, which dbt-bigquery reads results from (README, "dbt on
    // BigQuery"). The compiled SQL (the model over the given rows) is run here instead, and its
    // rows are compared with the expected ones.
    const unitTestRun = await runDbt(['test', '--no-populate-cache', '--select', 'test_type:unit', '--threads', '4'], {
      warehousePath: 'unused-for-bigquery',
      target: bigqueryTarget,
    }).then(
      () => 'passed',
      (error: unknown) => {
        if (!(error instanceof DbtError)) throw error;
        return error.message;
      },
    );
    const unitTests = Object.values((await readManifest()).unit_tests);
    assert.ok(unitTests.length >= 40, `${String(unitTests.length)} unit tests`);
    const compiledDir = join(dbtTargetPath(), 'compiled');
    const compiled = new Map(
      (await readdir(compiledDir, { recursive: true })).map((file) => [basename(file), join(compiledDir, file)]),
    );
    const failed: string[] = [];
    await mapWithConcurrency(unitTests, 4, async (unitTest) => {
      const file = compiled.get(`${unitTest.name}.sql`);
      if (file === undefined) {
        failed.push(`${unitTest.name}: not compiled (dbt: ${unitTestRun.slice(0, 2_000)})`);
        return;
      }
      const header = nodes.find((node) => node.unique_id === `model.genesys_compliance.${unitTest.model}`)?.config
        .sql_header;
      const outcome = await run(`${header ?? ''}\n${await readFile(file, 'utf8')}`).then(
        (rows) => unmatchedRows(unitTest.expect.rows, rows),
        (error: unknown) => String(error),
      );
      const gap = emulatorUnitTestGaps[unitTest.name];
      if (gap === undefined && outcome !== '') failed.push(`${unitTest.name}: ${outcome}`);
      if (gap !== undefined && !gap.test(outcome)) {
        failed.push(`${unitTest.name}: listed as an emulator gap (${String(gap)}), but gave: ${outcome || 'a pass'}`);
      }
    });
    assert.deepEqual(failed, []);
  });

  const custody = nodes.find((node) => node.unique_id === custodyModel);
  assert.ok(custody !== undefined);
  const header = custody.config.sql_header;
  assert.ok(typeof header === 'string' && header.includes('language js'), 'the custody chain is a JavaScript function');
  assert.doesNotMatch(compiledCode(custody), /union all|with recursive/i, 'no recursive CTE on BigQuery');

  await t.test("the custody chain function's JavaScript chains like Node's crypto, past 500 events", () => {
    const chain = chainFunction(header);
    // Every input length from 0 to 200 UTF-16 units crosses SHA-256's 55/56/64-byte padding edges.
    const inputs = Array.from({ length: 1_200 }, (_, i) => mixedText(i % 201, i));
    assert.deepEqual(chain(inputs), expectedChain(inputs));
    assert.deepEqual(chain([]), []);
  });

  await t.test("fct_recording_custody_events' SQL gives the documented hashes", async () => {
    const events = [...eventsOf('rec-a', 9, 1), ...eventsOf('rec-b', 1, 2), ...eventsOf('rec-c', 4, 3)];
    const columns = Object.keys(events[0] ?? {});
    const rows = events.map((event) => {
      const values = columns.map((column) => {
        const value = event[column as keyof CustodyEvent];
        if (column === 'event_at') return `timestamp ${quoteLiteral(String(value))}`;
        return typeof value === 'number' ? String(value) : nullableLiteral(value);
      });
      return `(${values.join(', ')})`;
    });
    const unioned = nodes.find((node) => node.name === 'int_recording_custody_events_unioned')?.relation_name;
    assert.ok(typeof unioned === 'string');
    const types = columns.map(
      (column) => `${column} ${column === 'event_sequence' ? 'int64' : column === 'event_at' ? 'timestamp' : 'string'}`,
    );
    await run(
      `insert into ${unioned} (custody_event_id, ${columns.join(', ')})
       select concat(recording_id, '#', cast(event_sequence as string)), *
       from unnest(array<struct<${types.join(', ')}>>[${rows.join(',\n')}])`,
    );

    const result = await run(`${header}\n${compiledCode(custody)}`);
    const got = new Map(
      result.map((row) => [
        `${String(row['recording_id'])}#${String(row['event_sequence'])}`,
        { event_hash: row['event_hash'], previous_event_hash: row['previous_event_hash'] },
      ]),
    );
    assert.equal(got.size, events.length);
    for (const recording of ['rec-a', 'rec-b', 'rec-c']) {
      const own = events.filter((e) => e.recording_id === recording);
      const hashes = expectedChain(own.map(hashInput));
      own.forEach((e, i) => {
        assert.deepEqual(
          got.get(`${recording}#${String(e.event_sequence)}`),
          { event_hash: hashes[i], previous_event_hash: i === 0 ? null : hashes[i - 1] },
          `${recording} event ${String(e.event_sequence)}`,
        );
      });
    }
  });
});
