/**
 * fct_recording_custody_events on BigQuery. BigQuery stops a recursive CTE after 500 iterations,
 * so there the chain is a JavaScript function over each recording's events in order (macro
 * custody_event_chain, bigquery__), defined by the model's sql_header. The model is compiled for
 * BigQuery by dbt; then:
 * - the function's JavaScript runs in Node over chains of up to 1,200 events, and every hash is
 *   compared with Node's crypto;
 * - the model's SQL, with its header, runs on the BigQuery emulator over hand-made events, and
 *   every event_hash and previous_event_hash is compared with a chain computed here from the
 *   documented format.
 * The emulator evaluates the function again for each row it returns, so its chains are short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { runDbt } from '../../../scripts/dbt.ts';
import { emulatorProject, startEmulators } from '../../helpers/emulators.ts';

const model = 'fct_recording_custody_events';
const location = 'EU';

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

/** The compiled model and its sql_header, from the manifest dbt compile wrote. */
async function compiledForBigQuery(apiEndpoint: string): Promise<{ header: string; sql: string }> {
  await runDbt(['compile', '--no-populate-cache', '--select', model], {
    warehousePath: 'unused-for-bigquery',
    target: { kind: 'bigquery', projectId: emulatorProject, dataset: 'genesys_raw', location, apiEndpoint },
  });
  const targetPath = process.env['DBT_TARGET_PATH'];
  if (targetPath === undefined) throw new Error('DBT_TARGET_PATH is set by test/helpers/dbt-paths.ts');
  const manifest = JSON.parse(await readFile(join(targetPath, 'manifest.json'), 'utf8')) as {
    nodes: Record<string, { config: { sql_header?: string | null }; compiled_code?: string }>;
  };
  const node = manifest.nodes[`model.genesys_compliance.${model}`];
  const header = node?.config.sql_header;
  assert.ok(typeof header === 'string' && header.includes('language js'), 'the model has the function as sql_header');
  const sql = node?.compiled_code;
  assert.ok(sql !== undefined, 'dbt compile wrote the compiled code');
  return { header, sql };
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

const literal = (value: string | null): string =>
  value === null ? 'cast(null as string)' : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

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

test('fct_recording_custody_events on BigQuery: a JavaScript hash chain with no recursion limit', async (t) => {
  const emulators = await startEmulators(t);
  const { header, sql } = await compiledForBigQuery(emulators.bigqueryUrl);
  assert.doesNotMatch(sql, /union all/i, 'no recursive CTE on BigQuery');

  await t.test("the function's JavaScript chains like Node's crypto, past 500 events", () => {
    const chain = chainFunction(header);
    // Every input length from 0 to 200 UTF-16 units crosses SHA-256's 55/56/64-byte padding edges.
    const inputs = Array.from({ length: 1_200 }, (_, i) => mixedText(i % 201, i));
    assert.deepEqual(chain(inputs), expectedChain(inputs));
    assert.deepEqual(chain([]), []);
  });

  await t.test("the model's SQL on the emulator gives the documented hashes", async () => {
    const bigquery = emulators.bigquery();
    await bigquery.createDataset('genesys_staging', { location });
    const events = [...eventsOf('rec-a', 9, 1), ...eventsOf('rec-b', 1, 2), ...eventsOf('rec-c', 4, 3)];
    const rows = events.map(
      (e) =>
        `struct(${literal(`ev-${e.recording_id}-${String(e.event_sequence)}`)} as custody_event_id, ` +
        `${literal(e.recording_id)} as recording_id, ${literal(e.conversation_id)} as conversation_id, ` +
        `${literal(e.actor_user_id)} as actor_user_id, ${literal(e.source_event_id)} as source_event_id, ` +
        `${literal(e.event_type)} as event_type, ${literal(e.event_source)} as event_source, ` +
        `${literal(e.event_outcome)} as event_outcome, ${literal(e.event_detail)} as event_detail, ` +
        `${String(e.event_sequence)} as event_sequence, timestamp ${literal(e.event_at)} as event_at)`,
    );
    await bigquery.query({
      query: `create table genesys_staging.int_recording_custody_events_unioned as select * from unnest([${rows.join(',\n')}])`,
      location,
    });

    const [result] = await bigquery.query({ query: `${header}\n${sql}`, location });
    const got = new Map(
      (result as Record<string, unknown>[]).map((row) => [
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
