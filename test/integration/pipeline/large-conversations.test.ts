/**
 * An org whose conversations are large (40 KB of participant data each, kept in clear by the
 * attribute allow-list): one results page of them is about 34 MB. Staged as one part, DuckDB
 * could not convert it within the default memory limit, nor the participant attributes (one
 * row in five is 40 KB) without a second try at twice the limit; the run must load every
 * conversation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadScenario, parseScenario } from '../../../sandbox/index.ts';
import { defaultAttributeAllowlist } from '../../../scripts/config.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';

test('conversations of 40 KB load whole with the default DuckDB settings, in bounded parts', async (t) => {
  const small = await loadScenario('small');
  const scenario = parseScenario({ ...small, days: 1, callsPerDay: 800, malformedRate: 0, flowAttributeChars: 40_000 });
  const workspace = await sandboxWorkspace(t, scenario, {
    env: { ATTRIBUTE_ALLOWLIST: `${defaultAttributeAllowlist},CRM_Context` },
  });
  await extractScenario(workspace);

  const instance = await DuckDBInstance.create(join(workspace.dir, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  t.after(() => {
    connection.closeSync();
    instance.closeSync();
  });
  const reader = await connection.runAndReadAll(
    `select count(distinct conversation_id) as conversations, min(length(raw_payload)) as narrowest,
            count(distinct _file_id) as files, max(bytes) as largest_part
     from raw_genesys__conversations
     left join (select _file_id, sum(length(raw_payload)) as bytes from raw_genesys__conversations group by 1) using (_file_id)`,
  );
  const [row] = reader.getRowObjectsJson();
  // Every conversation the window holds, each with its 40 KB of context, over several parts.
  assert.equal(Number(row?.['conversations']), 800);
  assert.ok(Number(row?.['narrowest']) > 40_000, JSON.stringify(row));
  assert.ok(Number(row?.['files']) >= 2, JSON.stringify(row));
  assert.ok(Number(row?.['largest_part']) <= 17 * 1024 ** 2, JSON.stringify(row));
});
