/**
 * The dbt unit tests (the `unit_tests:` of models/**.yml), which the pipeline's build leaves out
 * (scripts/dbt.ts, dbtBuildArgs): they need the relations of the models' parents for their
 * column types, so the models are first built empty (`dbt run --empty`) over a warehouse the
 * pipeline loaded, then `dbt test` runs every unit test. A failing one fails this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbtBuildArgs, runDbt } from '../../../scripts/dbt.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';

const modelsDir = join(import.meta.dirname, '../../../models/models');

/** The unit tests declared in the models' YAML: each `- name:` under a `unit_tests:` key. */
function declaredUnitTests(): number {
  let count = 0;
  for (const file of readdirSync(modelsDir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.yml')) continue;
    const text = readFileSync(join(modelsDir, file), 'utf8');
    for (const block of text.split(/^unit_tests:\s*$/m).slice(1)) {
      const section = block.split(/^\S/m)[0] ?? '';
      count += (section.match(/^ {2}- name: /gm) ?? []).length;
    }
  }
  return count;
}

test('the pipeline builds without the dbt unit tests, and every unit test passes', { timeout: 300_000 }, async (t) => {
  assert.deepEqual(dbtBuildArgs(), ['build', '--exclude-resource-type', 'unit_test']);
  assert.deepEqual(dbtBuildArgs({ fullRefresh: true }), [
    'build',
    '--exclude-resource-type',
    'unit_test',
    '--full-refresh',
  ]);
  const workspace = await sandboxWorkspace(t, 'small');
  await extractScenario(workspace);
  const logged: string[] = [];
  const options = {
    warehousePath: workspace.config.warehousePath,
    progress: { update: () => undefined, log: (line: string) => logged.push(line) },
  };
  await runDbt(['run', '--empty'], options);
  await runDbt(['test', '--select', 'test_type:unit'], options);
  const expected = declaredUnitTests();
  assert.ok(expected >= 40, `${expected} unit tests declared`);
  assert.equal(logged.at(-1), `dbt test --select test_type:unit: ${expected} nodes passed`);
});
