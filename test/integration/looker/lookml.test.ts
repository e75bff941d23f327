/**
 * The LookML project (looker/) against a fresh dbt manifest (`dbt parse` into a temporary target
 * path): every file parses, every view reads a mart and only its documented columns, every field
 * an explore or dashboard names exists, every dashboard has its dbt exposure. Then the same
 * check over broken copies, to show it fails: a mart column renamed in a copy of the dbt project
 * (YAML and SQL, as a real rename would be), and LookML edited in memory.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  checkLookml,
  parseDbtManifest,
  readLookmlProject,
  type LookmlCheckInput,
} from '../../../tools/lookml-check.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dbt = join(root, '.venv', 'bin', 'dbt');
const python = join(root, '.venv', 'bin', 'python');

/**
 * Marts the mart contracts (issue 13/14) announce whose LookML is written but whose dbt models
 * land from other branches. The check fails as soon as one of them exists in the manifest, so
 * this list only shrinks: when a mart lands, delete its name here and its view is checked.
 */
const pendingMarts: string[] = [];

let manifest: unknown;
let renamedManifest: unknown;
let project: Pick<LookmlCheckInput, 'files' | 'dashboards'>;

/** A copy of models/ where agg_recording_compliance_hourly's local_hour_label is called local_hour_text. */
async function modelsWithRenamedColumn(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lookml-rename-'));
  await cp(join(root, 'models'), dir, {
    recursive: true,
    filter: (source) => !/\/(target|logs|dbt_packages)$/.test(source),
  });
  const yamlPath = join(dir, 'models/marts/compliance/_compliance__models.yml');
  const sqlPath = join(dir, 'models/marts/compliance/agg_recording_compliance_hourly.sql');
  const yaml = await readFile(yamlPath, 'utf8');
  const sql = await readFile(sqlPath, 'utf8');
  assert.match(yaml, /- name: local_hour_label\n/);
  assert.match(sql, / as local_hour_label,/);
  await writeFile(yamlPath, yaml.replace('- name: local_hour_label\n', '- name: local_hour_text\n'));
  await writeFile(sqlPath, sql.replace(' as local_hour_label,', ' as local_hour_text,'));
  return dir;
}

before(async () => {
  const renamedDir = await modelsWithRenamedColumn();
  try {
    [manifest, renamedManifest] = await Promise.all([
      parseDbtManifest({ dbt, projectDir: join(root, 'models') }),
      parseDbtManifest({ dbt, projectDir: renamedDir }),
    ]);
  } finally {
    await rm(renamedDir, { recursive: true, force: true });
  }
  project = readLookmlProject(join(root, 'looker'), python);
});

const check = (overrides: Partial<LookmlCheckInput> = {}) =>
  checkLookml({ ...project, manifest, martsSchema: 'genesys_marts', pendingMarts, lookerDir: 'looker', ...overrides });

const messages = (result: ReturnType<typeof checkLookml>): string[] =>
  result.errors.map((finding) => `${finding.file}: ${finding.message}`);

/** The project with one file's text replaced (`edit` must change it). */
function edited(path: string, edit: (text: string) => string): LookmlCheckInput['files'] {
  return project.files.map((file) => {
    if (file.path !== path) return file;
    const text = edit(file.text);
    assert.notEqual(text, file.text, `the edit of ${path} changed nothing`);
    return { path, text };
  });
}

test('the LookML project matches the dbt manifest: no errors', (t) => {
  const result = check();
  assert.deepEqual(messages(result), []);
  for (const finding of result.pending) t.diagnostic(`pending: ${finding.file}: ${finding.message}`);
  // One view per mart and dimension, an explore per question, the compliance dashboard.
  assert.ok(result.counts.views >= 7, `views: ${result.counts.views}`);
  assert.ok(result.counts.explores >= 6, `explores: ${result.counts.explores}`);
  assert.ok(result.counts.dashboards >= 1, `dashboards: ${result.counts.dashboards}`);
  assert.ok(project.files.some((file) => file.path === 'genesys_compliance.model.lkml'));
  // Pending findings only concern the pending marts.
  for (const finding of result.pending) {
    assert.ok(
      pendingMarts.some((mart) => finding.message.includes(mart)),
      `${finding.file}: ${finding.message}`,
    );
  }
});

test('renaming a mart column in dbt without fixing the LookML fails the check', () => {
  const result = check({ manifest: renamedManifest });
  assert.deepEqual(messages(result), [
    'views/agg_recording_compliance_hourly.view.lkml: view agg_recording_compliance_hourly, dimension local_hour_label: ${TABLE}.local_hour_label is not a documented column of agg_recording_compliance_hourly',
  ]);
});

test('a LookML file that does not parse is named', () => {
  const files = edited('explores/recording_compliance.explore.lkml', (text) => text.replace(/}\s*$/, ''));
  // The dashboard's tiles on that explore are reported too, after the parse error.
  const errors = messages(check({ files }));
  assert.match(errors[0] ?? '', /^explores\/recording_compliance\.explore\.lkml: does not parse: Parse error@/);
});

test('a column the mart does not document, and a field the view lacks, are errors', () => {
  const files = edited('views/fct_recording_compliance.view.lkml', (text) =>
    text
      .replace('sql: ${TABLE}.queue_name ;;', 'sql: ${TABLE}.queue_label ;;')
      .replace('nullif(${agent_sessions}, 0) ;;', 'nullif(${agent_session_count}, 0) ;;'),
  );
  const errors = messages(check({ files }));
  assert.ok(
    errors.includes(
      'views/fct_recording_compliance.view.lkml: view fct_recording_compliance, dimension queue_name: ${TABLE}.queue_label is not a documented column of fct_recording_compliance',
    ),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((error) => error.endsWith('view fct_recording_compliance has no field agent_session_count')),
    errors.join('\n'),
  );
});

test('a dashboard naming a field, explore or filter that does not exist fails', () => {
  const path = 'dashboards/recording_compliance.dashboard.lookml';
  const original = JSON.stringify(project.dashboards.get(path));
  const broken = JSON.parse(
    original
      .replace(
        '"agg_recording_compliance_hourly.verified_compliance_rate"',
        '"agg_recording_compliance_hourly.verified_rate"',
      )
      .replace('"explore":"recording_compliance"', '"explore":"recording_compliance_typo"'),
  ) as unknown;
  const dashboards = new Map(project.dashboards).set(path, broken);
  const errors = messages(check({ dashboards }));
  assert.ok(
    errors.some((error) => error.endsWith('view agg_recording_compliance_hourly has no field verified_rate')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((error) => error.endsWith('no explore recording_compliance_typo')),
    errors.join('\n'),
  );
});

test('a dashboard without its dbt exposure, and a pending mart that has landed, fail', () => {
  const withoutExposures = { ...(manifest as Record<string, unknown>), exposures: {} };
  assert.deepEqual(
    messages(check({ manifest: withoutExposures })),
    ['billing_reconciliation', 'custody_verdicts', 'recording_compliance'].map(
      (name) =>
        `dashboards/${name}.dashboard.lookml: no dbt exposure has meta.lookml_dashboard: looker/dashboards/${name}.dashboard.lookml`,
    ),
  );
  assert.deepEqual(messages(check({ pendingMarts: [...pendingMarts, 'fct_recording_compliance'] })), [
    '.: mart fct_recording_compliance exists now: remove it from the pending marts so its LookML is checked',
  ]);
});
