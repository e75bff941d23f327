/** The command line as a user meets it: help, version, usage errors and their exit codes (no network). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../scripts/config.ts';

const cwd = mkdtempSync(join(tmpdir(), 'genesys-etl-cli-'));
process.on('exit', () => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs the CLI in an empty directory with a minimal environment (no .env, no credentials). */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'cli.ts'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Each command and the options it takes (besides --help). */
const commands: Record<string, string[]> = {
  demo: ['--scenario'],
  run: ['--from', '--to', '--window', '--parallel', '--skip-dbt', '--full-refresh', '--dry-run'],
  backfill: ['--from', '--to', '--window', '--parallel', '--skip-dbt', '--full-refresh', '--dry-run'],
  'export-recordings': ['--from', '--to', '--integration-id', '--window', '--action-date', '--audio-only', '--dry-run'],
  sandbox: ['--port', '--scenario', '--billing-file'],
  'load-billing': ['--build'],
  'export-billing': ['--month', '--format', '--out'],
  status: ['--json', '--max-lag'],
  report: ['--out'],
};
const allOptions = [...new Set(Object.values(commands).flat())];

test('--help, -h, help and no command print the usage with every command and the exit codes', () => {
  const outputs = [cli(['--help']), cli(['-h']), cli(['help']), cli([])];
  for (const { code, stdout, stderr } of outputs) {
    assert.equal(code, 0, stderr);
    assert.equal(stdout, outputs[0]?.stdout);
  }
  const usage = outputs[0]?.stdout ?? '';
  assert.match(usage, /^Usage: genesys-etl <command> \[options\]/);
  for (const command of Object.keys(commands)) assert.match(usage, new RegExp(`^ {2}${command} +\\S`, 'm'));
  for (const code of ['0', '1', '2', '3', '130']) assert.match(usage, new RegExp(`^ {2}${code} +\\S`, 'm'));
  assert.match(usage, /genesys-etl <command> --help/);
});

for (const [command, options] of Object.entries(commands)) {
  test(`${command} --help lists its own options and an example`, () => {
    const { code, stdout, stderr } = cli([command, '--help']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^Usage: genesys-etl ${command}\\b`));
    assert.match(stdout, new RegExp(`Example:\\n {2}genesys-etl ${command}\\b`));
    for (const option of [...options, '--help']) assert.match(stdout, new RegExp(`^ {2}(-h, )?${option}\\b`, 'm'));
    // Options only other commands take are not documented here.
    for (const option of allOptions.filter((name) => !options.includes(name))) {
      assert.doesNotMatch(stdout, new RegExp(`${option}\\b`), `${command} --help mentions ${option}`);
    }
    assert.equal(cli([command, '-h']).stdout, stdout);
    assert.equal(cli(['help', command]).stdout, stdout);
    // --help wins over the other arguments, even wrong ones.
    assert.equal(cli([command, '--bogus', '--help']).stdout, stdout);
  });
}

test('--version and -v print the version from package.json', () => {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const { code, stdout } = cli([flag]);
    assert.equal(code, 0);
    assert.equal(stdout, `genesys-etl ${version}\n`);
  }
});

test('an option the command does not take: exit 2, one line naming the option and the command', () => {
  const cases: [string[], string, string][] = [
    [['demo', '--parallel', '3'], 'demo', '--parallel'],
    [['status', '--from', '2026-11-01'], 'status', '--from'],
    [['run', '--integration-id', 'x'], 'run', '--integration-id'],
    [['sandbox', '--dry-run'], 'sandbox', '--dry-run'],
    [['backfill', '--scenario=small'], 'backfill', '--scenario'],
    [['export-recordings', '-x'], 'export-recordings', '-x'],
    [['report', '--json'], 'report', '--json'],
  ];
  for (const [args, command, flag] of cases) {
    const { code, stdout, stderr } = cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.ok(stderr.includes(flag) && stderr.includes(command), stderr);
    assert.ok(stderr.includes(`see genesys-etl ${command} --help`), stderr);
  }
});

test('an unknown command: exit 2 with the list of commands', () => {
  for (const args of [['frobnicate'], ['--json'], ['help', 'frobnicate']]) {
    const { code, stderr } = cli(args);
    assert.equal(code, 2, stderr);
    for (const command of Object.keys(commands)) assert.ok(stderr.includes(command), stderr);
  }
  assert.match(cli(['frobnicate']).stderr, /unknown command "frobnicate"/);
});

test('bad values, missing values and stray arguments: exit 2 before anything runs', () => {
  const cases: [string[], RegExp][] = [
    [['run', '--parallel', '0'], /--parallel must be a whole number from 1 to 16, got "0"/],
    [['backfill', '--from', '2026-11-01', '--to', '2026-11-02', '--parallel', 'lots'], /--parallel must be a whole/],
    [['backfill', '--from', '2026-11-01', '--to', '2026-11-02', '--parallel', '17'], /--parallel .* got "17"/],
    [['run', '--window', '5'], /--window must be an ISO-8601 duration/],
    [['backfill', '--from', '2026-11-01'], /backfill needs --from and --to/],
    [['status', '--max-lag', '36h'], /--max-lag must be an ISO-8601 duration/],
    [['sandbox', '--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['run', '--from'], /run: --from needs a value/],
    [['status', '--json=yes'], /status: --json takes no value/],
    [['run', '2026-11-01'], /run takes no argument "2026-11-01"/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
  // Nothing was created: no warehouse, no stage.
  assert.deepEqual(readdirSync(cwd), []);
});

test('an invalid configuration is a usage error too (exit 2)', () => {
  const { code, stderr } = cli(['status'], { ORG_TIMEZONE: 'Mars/Olympus' });
  assert.equal(code, 2, stderr);
  assert.match(stderr, /ConfigError: ORG_TIMEZONE=Mars\/Olympus/);
});

test('demo with a BigQuery warehouse stops at once, naming the limitation and what to run instead (exit 2)', () => {
  const { code, stdout, stderr } = cli(['demo'], {
    WAREHOUSE_URI: 'bigquery://my-project/genesys_raw?location=EU',
    STAGE_URI: 'gs://my-bucket/etl',
    // Nothing may reach Google: the check comes before any client is made.
    BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9',
    GCS_API_ENDPOINT: 'http://127.0.0.1:9',
  });
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /demo runs on the embedded DuckDB warehouse only/);
  assert.match(stderr, /WAREHOUSE_URI is bigquery:\/\/my-project\/genesys_raw/);
  assert.match(stderr, /genesys-etl status/);
});

test('load-billing and export-billing: a missing file or a bad month exits 2 naming what to fix', () => {
  const missing = cli(['load-billing', 'no-such-billing.csv']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /No billing file at no-such-billing\.csv/);
  const none = cli(['load-billing']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /load-billing takes one billing file/);
  for (const month of ['2026-13', '11-2026', '2026-1']) {
    const bad = cli(['export-billing', '--month', month]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--month must be a month as YYYY-MM/);
  }
  const format = cli(['export-billing', '--month', '2026-11', '--format', 'xlsx']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be csv or parquet/);
});

test('report without a warehouse: exit 1, naming the file and what to run', () => {
  const { code, stdout, stderr } = cli(['report', '--out', '/nonexistent-dir/report.html'], {
    WAREHOUSE_URI: 'duckdb:///nonexistent-dir/warehouse.duckdb',
  });
  assert.equal(code, 1, stderr);
  assert.equal(stdout, '');
  assert.match(
    stderr,
    /No DuckDB warehouse at \/nonexistent-dir\/warehouse\.duckdb: run genesys-etl run \(or demo\) first/,
  );
});
