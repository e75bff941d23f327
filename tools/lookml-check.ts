/**
 * Offline validation of the LookML project in `looker/` against the dbt manifest, run by the
 * LookML test (test/integration/looker) and by hand: `node tools/lookml-check.ts` (it runs
 * `dbt parse` into a temporary target path first, so the manifest is fresh).
 *
 * What it checks:
 *   - every `.lkml` file parses (lookml-parser) and every `.dashboard.lookml` file is YAML;
 *   - every view's `sql_table_name` is `<marts schema>.<model>` for a dbt model of the marts
 *     folder, and every `${TABLE}.column` in the view is a documented column of that model;
 *   - every `${field}` / `${view.field}` reference in a view, explore join or dashboard, and every
 *     field a dashboard element or filter names, exists in the view it points at;
 *   - every dashboard has a dbt exposure (meta.lookml_dashboard = its path) that depends on the
 *     marts its tiles read, and every such exposure names an existing dashboard.
 *
 * Marts announced in the mart contracts but not built yet ("pending") are reported apart: a view
 * or reference into one is not an error until the mart exists, and then listing it as pending
 * is one (so the list only shrinks).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import lookmlParser from 'lookml-parser';

export interface Finding {
  readonly file: string;
  readonly message: string;
}

export interface LookmlCheckResult {
  readonly errors: readonly Finding[];
  /** References into pending marts: not errors yet. */
  readonly pending: readonly Finding[];
  readonly counts: { readonly views: number; readonly explores: number; readonly dashboards: number };
}

export interface SourceFile {
  /** Path relative to the LookML project root (`views/x.view.lkml`). */
  readonly path: string;
  readonly text: string;
}

export interface LookmlCheckInput {
  readonly files: readonly SourceFile[];
  /** Dashboard files parsed from YAML, by path. */
  readonly dashboards: ReadonlyMap<string, unknown>;
  /** manifest.json of `dbt parse`. */
  readonly manifest: unknown;
  readonly martsSchema: string;
  readonly pendingMarts: readonly string[];
  /** The LookML folder relative to the repository root, as exposures name it ('looker'). */
  readonly lookerDir: string;
}

interface ViewInfo {
  readonly file: string;
  readonly table: string | undefined;
  readonly fields: ReadonlySet<string>;
  /** Every sql-ish string of the view, with the field that holds it. */
  readonly sql: readonly { readonly field: string; readonly text: string }[];
}

interface ExploreInfo {
  readonly file: string;
  /** Alias in the explore → view name. */
  readonly aliases: ReadonlyMap<string, string>;
  readonly joins: readonly { readonly alias: string; readonly sql: string }[];
}

interface MartModel {
  readonly uniqueId: string;
  readonly schema: string;
  readonly columns: ReadonlySet<string>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const entries = (value: unknown): [string, Json][] =>
  isObject(value) ? Object.entries(value).filter((entry): entry is [string, Json] => isObject(entry[1])) : [];
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Field names a dimension_group declares: one per timeframe (type time) or interval (type duration). */
function groupFields(name: string, group: Json): string[] {
  if (group['type'] === 'duration') {
    return list(group['intervals']).map((interval) => `${interval}s_${name}`);
  }
  return list(group['timeframes']).map((timeframe) => `${name}_${timeframe}`);
}

function readView(file: string, view: Json): ViewInfo {
  const fields = new Set<string>();
  const sql: { field: string; text: string }[] = [];
  for (const kind of ['dimension', 'measure', 'filter', 'parameter', 'dimension_group']) {
    for (const [fieldName, field] of entries(view[kind])) {
      if (kind === 'dimension_group') {
        for (const expanded of groupFields(fieldName, field)) fields.add(expanded);
      } else {
        fields.add(fieldName);
      }
      for (const key of ['sql', 'sql_start', 'sql_end', 'sql_distinct_key']) {
        const value = text(field[key]);
        if (value !== undefined) sql.push({ field: `${kind} ${fieldName}`, text: value });
      }
    }
  }
  return { file, table: text(view['sql_table_name']), fields, sql };
}

function readExplore(file: string, name: string, explore: Json): ExploreInfo {
  const base = text(explore['from']) ?? text(explore['view_name']) ?? name;
  const aliases = new Map<string, string>([[text(explore['view_name']) ?? name, base]]);
  const joins: { alias: string; sql: string }[] = [];
  for (const [alias, join] of entries(explore['join'])) {
    aliases.set(alias, text(join['from']) ?? alias);
    const sql = text(join['sql_on']) ?? text(join['sql_where']) ?? text(join['sql']);
    if (sql !== undefined) joins.push({ alias, sql });
  }
  return { file, aliases, joins };
}

/** `${x}` and `${view.x}` references in a SQL string (without ${TABLE} and ${view.SQL_TABLE_NAME}). */
function fieldReferences(sql: string): { view: string | undefined; field: string }[] {
  const references: { view: string | undefined; field: string }[] = [];
  for (const match of sql.matchAll(/\$\{\s*([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?\s*\}/g)) {
    const [, first, second] = match;
    if (first === undefined || first === 'TABLE' || second === 'SQL_TABLE_NAME') continue;
    references.push(second === undefined ? { view: undefined, field: first } : { view: first, field: second });
  }
  return references;
}

const tableColumns = (sql: string): string[] =>
  [...sql.matchAll(/\$\{TABLE\}\.("?)([A-Za-z0-9_]+)\1/g)].map((match) => match[2] ?? '');

function martModels(manifest: unknown): Map<string, MartModel> {
  const models = new Map<string, MartModel>();
  const nodes = isObject(manifest) ? manifest['nodes'] : undefined;
  for (const [uniqueId, node] of entries(nodes)) {
    if (node['resource_type'] !== 'model' || !list(node['fqn']).includes('marts')) continue;
    models.set(String(node['name']), {
      uniqueId,
      schema: String(node['schema']),
      columns: new Set(Object.keys(isObject(node['columns']) ? node['columns'] : {})),
    });
  }
  return models;
}

/** Parses `.lkml` files; a file that does not parse is a finding, the others go on. */
function parseAll(files: readonly SourceFile[], errors: Finding[]) {
  const views = new Map<string, ViewInfo>();
  const explores = new Map<string, ExploreInfo>();
  let models = 0;
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = lookmlParser.parse(file.text);
    } catch (error) {
      errors.push({ file: file.path, message: `does not parse: ${String(error)}` });
      continue;
    }
    if (!isObject(parsed)) continue;
    if (file.path.endsWith('.model.lkml')) {
      models += 1;
      if (text(parsed['connection']) === undefined)
        errors.push({ file: file.path, message: 'model has no connection' });
    }
    for (const [name, view] of entries(parsed['view'])) {
      if (views.has(name))
        errors.push({ file: file.path, message: `view ${name} is also declared in ${views.get(name)?.file}` });
      views.set(name, readView(file.path, view));
    }
    for (const [name, explore] of entries(parsed['explore'])) {
      if (explores.has(name)) errors.push({ file: file.path, message: `explore ${name} is declared twice` });
      explores.set(name, readExplore(file.path, name, explore));
    }
  }
  if (models !== 1) errors.push({ file: '.', message: `expected one model file, found ${models}` });
  return { views, explores };
}

export function checkLookml(input: LookmlCheckInput): LookmlCheckResult {
  const errors: Finding[] = [];
  const pending: Finding[] = [];
  const marts = martModels(input.manifest);
  const pendingMarts = new Set(input.pendingMarts);
  for (const mart of pendingMarts) {
    if (marts.has(mart)) {
      errors.push({
        file: '.',
        message: `mart ${mart} exists now: remove it from the pending marts so its LookML is checked`,
      });
    }
  }
  const { views, explores } = parseAll(input.files, errors);

  /** A reference to `field` of view `viewName`: an error, a pending finding, or fine. */
  const checkField = (file: string, where: string, viewName: string | undefined, field: string): void => {
    if (viewName === undefined) return;
    const view = views.get(viewName);
    if (view === undefined) {
      const finding = { file, message: `${where}: ${viewName}.${field}: no view ${viewName}` };
      (pendingMarts.has(viewName) ? pending : errors).push(finding);
      return;
    }
    if (!view.fields.has(field)) errors.push({ file, message: `${where}: view ${viewName} has no field ${field}` });
  };

  for (const [name, view] of views) {
    const table = view.table?.split('.');
    if (table?.length !== 2) {
      errors.push({ file: view.file, message: `view ${name}: sql_table_name must be ${input.martsSchema}.<mart>` });
      continue;
    }
    const [schema, martName] = table as [string, string];
    if (schema !== input.martsSchema) {
      errors.push({
        file: view.file,
        message: `view ${name}: sql_table_name schema ${schema} is not ${input.martsSchema}`,
      });
    }
    const mart = marts.get(martName);
    if (mart === undefined) {
      const finding = { file: view.file, message: `view ${name}: ${martName} is not a mart in the dbt manifest` };
      (pendingMarts.has(martName) ? pending : errors).push(finding);
      continue;
    }
    if (mart.schema !== input.martsSchema) {
      errors.push({ file: view.file, message: `view ${name}: dbt builds ${martName} in ${mart.schema}` });
    }
    for (const { field, text: sql } of view.sql) {
      for (const column of tableColumns(sql)) {
        if (!mart.columns.has(column)) {
          errors.push({
            file: view.file,
            message: `view ${name}, ${field}: \${TABLE}.${column} is not a documented column of ${martName}`,
          });
        }
      }
      for (const reference of fieldReferences(sql)) {
        checkField(view.file, `view ${name}, ${field}`, reference.view ?? name, reference.field);
      }
    }
  }

  for (const [name, explore] of explores) {
    for (const [alias, viewName] of explore.aliases) {
      if (!views.has(viewName)) {
        const finding = {
          file: explore.file,
          message: `explore ${name}: ${alias} is view ${viewName}, which does not exist`,
        };
        (pendingMarts.has(viewName) ? pending : errors).push(finding);
      }
    }
    for (const join of explore.joins) {
      for (const reference of fieldReferences(join.sql)) {
        const alias = reference.view ?? join.alias;
        const viewName = explore.aliases.get(alias);
        if (viewName === undefined) {
          errors.push({
            file: explore.file,
            message: `explore ${name}, join ${join.alias}: ${alias} is not in the explore`,
          });
        } else {
          checkField(explore.file, `explore ${name}, join ${join.alias}`, viewName, reference.field);
        }
      }
    }
  }

  const exposures = entries(isObject(input.manifest) ? input.manifest['exposures'] : undefined).map(([, exposure]) => ({
    name: String(exposure['name']),
    dashboard: text(isObject(exposure['meta']) ? exposure['meta']['lookml_dashboard'] : undefined),
    dependsOn: new Set(list(isObject(exposure['depends_on']) ? exposure['depends_on']['nodes'] : undefined)),
  }));
  for (const exposure of exposures) {
    if (
      exposure.dashboard !== undefined &&
      !input.dashboards.has(exposure.dashboard.replace(`${input.lookerDir}/`, ''))
    ) {
      errors.push({ file: '.', message: `dbt exposure ${exposure.name}: no dashboard ${exposure.dashboard}` });
    }
  }

  let dashboardCount = 0;
  for (const [path, content] of input.dashboards) {
    const dashboards = Array.isArray(content) ? content.filter(isObject) : [];
    if (isObject(content) && typeof content['yaml_error'] === 'string') {
      errors.push({ file: path, message: `does not parse as YAML: ${content['yaml_error']}` });
    } else if (dashboards.length === 0) {
      errors.push({ file: path, message: 'is not a list of dashboards' });
    }
    const martsRead = new Set<string>();
    for (const dashboard of dashboards) {
      dashboardCount += 1;
      const dashboardName = text(dashboard['dashboard']) ?? '(unnamed)';
      /** Checks `view.field` names against an explore; returns false when the explore is unknown. */
      const checkExploreFields = (where: string, exploreName: string | undefined, fields: string[]): void => {
        const explore = exploreName === undefined ? undefined : explores.get(exploreName);
        if (explore === undefined) {
          errors.push({ file: path, message: `${where}: no explore ${String(exploreName)}` });
          return;
        }
        for (const viewName of explore.aliases.values()) {
          const table = views.get(viewName)?.table?.split('.')[1] ?? viewName;
          if (marts.has(table)) martsRead.add(table);
        }
        for (const qualified of fields) {
          const [alias, field, ...rest] = qualified.trim().split(/\s+/)[0]?.split('.') ?? [];
          const viewName = alias === undefined ? undefined : explore.aliases.get(alias);
          if (field === undefined || rest.length > 0 || viewName === undefined) {
            errors.push({
              file: path,
              message: `${where}: ${qualified} is not a field of explore ${String(exploreName)}`,
            });
            continue;
          }
          checkField(path, where, viewName, field);
        }
      };
      const filterNames = new Set<string>();
      for (const filter of Array.isArray(dashboard['filters']) ? dashboard['filters'].filter(isObject) : []) {
        const filterName = text(filter['name']) ?? '';
        filterNames.add(filterName);
        const field = text(filter['field']);
        if (field !== undefined) {
          checkExploreFields(`dashboard ${dashboardName}, filter ${filterName}`, text(filter['explore']), [field]);
        }
      }
      for (const element of Array.isArray(dashboard['elements']) ? dashboard['elements'].filter(isObject) : []) {
        const where = `dashboard ${dashboardName}, element ${text(element['name']) ?? text(element['title']) ?? '?'}`;
        if (element['type'] === 'text' || element['type'] === 'button') continue;
        const listen = isObject(element['listen']) ? element['listen'] : {};
        for (const filterName of Object.keys(listen)) {
          if (!filterNames.has(filterName))
            errors.push({ file: path, message: `${where}: listens to no filter ${filterName}` });
        }
        const fields = [
          ...list(element['fields']),
          ...list(element['sorts']),
          ...list(element['pivots']),
          ...list(element['hidden_fields']),
          ...Object.keys(isObject(element['filters']) ? element['filters'] : {}),
          ...Object.values(listen).filter((value): value is string => typeof value === 'string'),
        ];
        const model = text(element['model']);
        if (model !== 'genesys_compliance') {
          errors.push({ file: path, message: `${where}: model ${String(model)} is not genesys_compliance` });
        }
        checkExploreFields(where, text(element['explore']), fields);
      }
    }
    const exposure = exposures.find((candidate) => candidate.dashboard === `${input.lookerDir}/${path}`);
    if (exposure === undefined) {
      errors.push({ file: path, message: `no dbt exposure has meta.lookml_dashboard: ${input.lookerDir}/${path}` });
      continue;
    }
    for (const mart of martsRead) {
      const uniqueId = marts.get(mart)?.uniqueId ?? mart;
      if (!exposure.dependsOn.has(uniqueId)) {
        errors.push({
          file: path,
          message: `dbt exposure ${exposure.name} does not depend on ${mart}, which the dashboard reads`,
        });
      }
    }
  }
  return { errors, pending, counts: { views: views.size, explores: explores.size, dashboards: dashboardCount } };
}

function filesUnder(root: string, directory = root): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(root, join(directory, entry.name)) : [relative(root, join(directory, entry.name))],
  );
}

/** The LookML files of a project folder, and its dashboards parsed with PyYAML (the dbt venv's). */
export function readLookmlProject(lookerRoot: string, python: string): Pick<LookmlCheckInput, 'files' | 'dashboards'> {
  const paths = filesUnder(lookerRoot).sort();
  const files = paths
    .filter((path) => path.endsWith('.lkml'))
    .map((path) => ({
      path,
      text: readFileSync(join(lookerRoot, path), 'utf8'),
    }));
  const dashboardPaths = paths.filter((path) => path.endsWith('.dashboard.lookml'));
  const script =
    'import json, sys, yaml\n' +
    'out = {}\n' +
    'for p in sys.argv[2:]:\n' +
    '    try:\n' +
    '        out[p] = yaml.safe_load(open(sys.argv[1] + "/" + p, encoding="utf-8"))\n' +
    '    except yaml.YAMLError as e:\n' +
    '        out[p] = {"yaml_error": str(e)}\n' +
    'print(json.dumps(out, default=str))\n';
  const parsed = JSON.parse(
    execFileSync(python, ['-c', script, lookerRoot, ...dashboardPaths], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
  return { files, dashboards: new Map(Object.entries(parsed)) };
}

/** Runs `dbt parse` of a dbt project into a fresh target path and returns its manifest. */
export async function parseDbtManifest(options: {
  dbt: string;
  projectDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<unknown> {
  const target = mkdtempSync(join(tmpdir(), 'lookml-check-'));
  try {
    const args = ['parse', '--project-dir', options.projectDir, '--profiles-dir', options.projectDir];
    await promisify(execFile)(options.dbt, [...args, '--target-path', target, '--quiet'], {
      env: { ...process.env, DBT_DUCKDB_PATH: join(target, 'parse.duckdb'), ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as unknown;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const pendingMarts = (process.env['LOOKML_PENDING_MARTS'] ?? '').split(',').filter(Boolean);
  const result = checkLookml({
    ...readLookmlProject(join(root, 'looker'), join(root, '.venv', 'bin', 'python')),
    manifest: await parseDbtManifest({ dbt: join(root, '.venv', 'bin', 'dbt'), projectDir: join(root, 'models') }),
    martsSchema: process.env['DBT_MARTS_SCHEMA'] ?? 'genesys_marts',
    pendingMarts,
    lookerDir: 'looker',
  });
  for (const finding of result.pending) console.log(`pending  looker/${finding.file}: ${finding.message}`);
  for (const finding of result.errors) console.log(`error    looker/${finding.file}: ${finding.message}`);
  const { views, explores, dashboards } = result.counts;
  console.log(`${views} views, ${explores} explores, ${dashboards} dashboards: ${result.errors.length} errors`);
  return result.errors.length === 0 ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main();
