/**
 * Runs dbt from the project's virtualenv as a subprocess (DESIGN decision 8), reading its JSON
 * log lines for progress. The warehouse file must be closed by Node before this runs.
 */
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { execa } from 'execa';
import { DbtError } from '../contract/errors.ts';
import type { DuckdbResources } from '../load/duckdb/settings.ts';
import { projectRoot } from './config.ts';
import { readOutOfMemoryNodes } from './dbt-results.ts';
import type { Progress } from './progress.ts';

export const dbtExecutable = join(projectRoot, '.venv', 'bin', 'dbt');
export const dbtProjectDir = join(projectRoot, 'models');

/**
 * Where dbt builds: the DuckDB file (the `duckdb` target), or a BigQuery project and raw dataset
 * (the `bigquery` target, with Application Default Credentials; `bigquery-emulator` when an API
 * endpoint is given), as WAREHOUSE_URI names them. models/profiles.yml reads the environment set here.
 */
export type DbtTarget =
  | { readonly kind: 'duckdb' }
  | {
      readonly kind: 'bigquery';
      readonly projectId: string;
      readonly dataset: string;
      readonly location: string;
      readonly apiEndpoint?: string | undefined;
    };

/** The profile target and its environment for `target` (the DuckDB file for the duckdb target). */
export function dbtTargetEnv(
  target: DbtTarget,
  warehousePath: string,
): { args: string[]; env: Record<string, string> } {
  if (target.kind === 'duckdb') return { args: [], env: { DBT_DUCKDB_PATH: warehousePath } };
  return {
    args: ['--target', target.apiEndpoint === undefined ? 'bigquery' : 'bigquery-emulator'],
    env: {
      DBT_BIGQUERY_PROJECT: target.projectId,
      DBT_BIGQUERY_DATASET: target.dataset,
      DBT_BIGQUERY_LOCATION: target.location,
      ...(target.apiEndpoint === undefined ? {} : { DBT_BIGQUERY_API_ENDPOINT: target.apiEndpoint }),
    },
  };
}

/**
 * dbt's target and log directories for one warehouse: `models/target/<warehouse>` and
 * `models/logs/<warehouse>`, so two runs from one install against different warehouses (a
 * scheduler beside a manual backfill) never write one manifest, run results and partial-parse
 * state, and each warehouse keeps its own partial parse (dbt parses the whole project again
 * whenever the profile's connection differs from the last parse's). DBT_TARGET_PATH and
 * DBT_LOG_PATH in `env`, when set, win; `name` replaces the warehouse's directory name.
 */
export function dbtWorkDirs(
  target: DbtTarget,
  warehousePath: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  name: string = workDirName(target, warehousePath),
): { DBT_TARGET_PATH: string; DBT_LOG_PATH: string } {
  return {
    DBT_TARGET_PATH: env['DBT_TARGET_PATH'] ?? join(dbtProjectDir, 'target', name),
    DBT_LOG_PATH: env['DBT_LOG_PATH'] ?? join(dbtProjectDir, 'logs', name),
  };
}

/** A readable name for the warehouse and a short hash of where exactly it is. */
function workDirName(target: DbtTarget, warehousePath: string): string {
  const identity =
    target.kind === 'duckdb'
      ? { label: `duckdb-${basename(warehousePath).replace(/\.[^.]*$/, '')}`, key: resolve(warehousePath) }
      : {
          label: `bigquery-${target.projectId}-${target.dataset}`,
          key: `${target.projectId}/${target.dataset}/${target.apiEndpoint ?? ''}`,
        };
  return `${identity.label.replace(/[^A-Za-z0-9._-]+/g, '_')}-${hash('sha256', identity.key, 'hex').slice(0, 8)}`;
}

export interface DbtOptions {
  readonly warehousePath: string;
  /** Default: the DuckDB file at `warehousePath`. */
  readonly target?: DbtTarget;
  /** memory_limit and threads of dbt's DuckDB instance; unset: models/profiles.yml's defaults. */
  readonly duckdb?: DuckdbResources;
  readonly vars?: Readonly<Record<string, string | number | boolean>>;
  readonly progress?: Progress;
  /** The directory under models/target and models/logs; default: one per warehouse (dbtWorkDirs). */
  readonly workDirName?: string;
  /** Called with the dbt process's id once it has started (the bench samples its memory). */
  readonly onSpawn?: (pid: number) => void;
}

interface DbtLogLine {
  info?: { name?: string; msg?: string; level?: string };
  data?: { node_info?: { unique_id?: string; node_status?: string } };
}

/**
 * The arguments of the pipeline's `dbt build`: every model and data test, not the unit tests.
 * Their inputs are fixed rows, so they say nothing new about a warehouse's data; dbt's docs
 * recommend running them in development and CI only, and the tests run them
 * (test/integration/models/unit-tests.test.ts). At 1M conversations they took 13-18 s of the
 * build's two threads.
 */
export function dbtBuildArgs(options: { readonly fullRefresh?: boolean } = {}): string[] {
  return ['build', '--exclude-resource-type', 'unit_test', ...(options.fullRefresh === true ? ['--full-refresh'] : [])];
}

/** How one dbt process ended: its exit code, the errors it logged and the nodes it finished. */
interface DbtInvocation {
  readonly exitCode: number | undefined;
  readonly errors: readonly string[];
  readonly done: number;
  readonly output: string;
}

async function invokeDbt(
  args: readonly string[],
  env: Record<string, string>,
  options: DbtOptions,
): Promise<DbtInvocation> {
  const child = execa(dbtExecutable, args, {
    cwd: dbtProjectDir,
    env,
    reject: false,
    all: true,
    buffer: { all: true },
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  const errors: string[] = [];
  let done = 0;
  for await (const line of child.iterable({ from: 'stdout' })) {
    let event: DbtLogLine;
    try {
      event = JSON.parse(line) as DbtLogLine;
    } catch {
      continue;
    }
    const msg = event.info?.msg ?? '';
    const name = event.info?.name ?? '';
    if (event.info?.level === 'error') errors.push(msg);
    if (name === 'LogModelResult' || name === 'LogTestResult' || name === 'LogSeedResult' || name === 'LogNodeResult') {
      done += 1;
      options.progress?.update(`dbt: ${done} nodes done, last: ${event.data?.node_info?.unique_id ?? msg}`);
    }
  }
  const result = await child;
  return { exitCode: result.exitCode, errors, done, output: result.all };
}

/** The nodes' names without their resource type and project (`model.genesys_compliance.x` is `x`). */
const nodeNames = (ids: readonly string[]): string =>
  ids.map((id) => id.split('.').slice(2).join('.') || id).join(', ');

/**
 * Runs dbt. On DuckDB, when nodes fail because DuckDB ran out of memory with more than one thread
 * (the models dbt runs at once share DBT_DUCKDB_MEMORY_LIMIT, and each thread holds buffers of its
 * own), `dbt retry` runs what failed and what it held back again with one thread: a first build
 * of a large org completes at the default limit, more slowly, instead of failing.
 */
export async function runDbt(args: readonly string[], options: DbtOptions): Promise<void> {
  if (!existsSync(dbtExecutable)) {
    throw new DbtError(
      `dbt is not installed at ${dbtExecutable}: run \`npm install\` (it creates .venv with the pinned dbt).`,
    );
  }
  const where = options.target ?? { kind: 'duckdb' };
  const target = dbtTargetEnv(where, options.warehousePath);
  const flags = [
    ...target.args,
    '--project-dir',
    dbtProjectDir,
    '--profiles-dir',
    dbtProjectDir,
    '--log-format',
    'json',
    '--no-use-colors',
    '--no-send-anonymous-usage-stats',
    '--no-version-check',
    ...(options.vars === undefined ? [] : ['--vars', JSON.stringify(options.vars)]),
  ];
  const workDirs = dbtWorkDirs(where, options.warehousePath, process.env, options.workDirName);
  const env = { ...target.env, ...workDirs };
  const { duckdb } = options;
  const resources = (threads?: number): Record<string, string> =>
    duckdb === undefined
      ? {}
      : { DBT_DUCKDB_MEMORY_LIMIT: duckdb.memoryLimit, DBT_DUCKDB_THREADS: String(threads ?? duckdb.threads) };
  const command = `dbt ${args.join(' ')}`;
  // run_results.json is written at the end of an invocation: only one as new as this run counts.
  const started = Date.now();
  const outOfMemory = async (): Promise<string[]> =>
    where.kind === 'duckdb' ? readOutOfMemoryNodes(workDirs.DBT_TARGET_PATH, started) : [];

  let result = await invokeDbt([...args, ...flags], { ...env, ...resources() }, options);
  let passed = `${result.done} nodes passed`;
  const failed = result.exitCode !== 0 && duckdb !== undefined && duckdb.threads > 1 ? await outOfMemory() : [];
  if (duckdb !== undefined && failed.length > 0) {
    options.progress?.log(
      `dbt: ${nodeNames(failed)} ran out of memory (DBT_DUCKDB_MEMORY_LIMIT ${duckdb.memoryLimit} shared by ` +
        `${duckdb.threads} threads); dbt retry runs what failed and what it held back again with 1 thread`,
    );
    const before = result.done - failed.length;
    result = await invokeDbt(['retry', ...flags], { ...env, ...resources(1) }, options);
    passed =
      `${before} nodes passed, then ${result.done} with 1 thread after running out of memory with ` +
      `${duckdb.threads} (set DBT_DUCKDB_THREADS=1, or raise DBT_DUCKDB_MEMORY_LIMIT, to build in one go)`;
  }
  if (result.exitCode !== 0) {
    const detail = result.errors.length > 0 ? result.errors.slice(0, 10).join('\n') : result.output.slice(-4000);
    // The threads of the invocation that failed: more than one only when the profile's default applied.
    const threads = failed.length > 0 ? 1 : (duckdb?.threads ?? 2);
    const remedy =
      (await outOfMemory()).length > 0
        ? `\nDuckDB ran out of memory at DBT_DUCKDB_MEMORY_LIMIT ${duckdb?.memoryLimit ?? '(models/profiles.yml)'} ` +
          `with ${threads} thread(s): raise DBT_DUCKDB_MEMORY_LIMIT (and the memory of the container or machine ` +
          `with it)${threads > 1 ? ', or lower DBT_DUCKDB_THREADS' : ''}.`
        : '';
    throw new DbtError(`${command} failed (exit ${String(result.exitCode)}):\n${detail}${remedy}`);
  }
  options.progress?.log(`${command}: ${passed}`);
}
