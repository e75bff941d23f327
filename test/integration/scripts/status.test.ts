/** `genesys-etl status` over a real DuckDB ledger: the text, the JSON and the exit codes. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { serialQueue } from '../../../contract/concurrency.ts';
import { createDuckdbLedger } from '../../../load/duckdb/ledger.ts';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import type { Ledger, RunSummary, WindowRecord, WindowStatus } from '../../../load/warehouse.ts';
import { evaluateStatus, formatLag, statusCommand } from '../../../scripts/commands/status.ts';
import { projectRoot } from '../../../scripts/config.ts';
import { readStatusSnapshot, statusSnapshotPath, withStatusSnapshots } from '../../../scripts/status-snapshot.ts';
import { dayWindow } from '../../helpers/window-record.ts';

const HOUR = 3_600_000;
const maxLagMs = 36 * HOUR;
const outcome = { received: 0, loaded: 0, quarantined: 0, apiRequests: 0 };
const run = (runId: string, command = 'run') => ({ runId, command, windowStart: null, windowEnd: null });

function day(runId: string, stream: string, date: number, status: WindowStatus, extra: Partial<WindowRecord> = {}) {
  // Runs (and their windows) in the order they are recorded here.
  const startedAt = new Date(Date.UTC(2026, 10, 25) + Number(runId.slice(1)) * HOUR + date * 60_000).toISOString();
  return dayWindow(runId, stream, date, status, startedAt, { received: 10, loaded: 10, apiCalls: 3, ...extra });
}

interface Opened {
  readonly path: string;
  open(): Promise<{ ledger: Ledger; close: () => void }>;
}

async function warehouseFile(t: TestContext): Promise<Opened> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-status-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'w.duckdb');
  return {
    path,
    async open() {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      const ledger = await createDuckdbLedger(connection, serialQueue());
      return {
        ledger,
        close: () => {
          connection.closeSync();
          instance.closeSync();
        },
      };
    },
  };
}

/**
 * r1 (backfill, failed): conversations 19 fails, 20 and 21 succeed, 22 fails; users 20-22 succeed.
 * r2 (run, killed): conversations 22 succeeds, 23 is provisional, 24 is running when the process dies.
 * r3 (run, failed): marks r2 and its window 24 interrupted; users 23 is provisional.
 * Latest per window: conversations 3 succeeded, 1 provisional, 1 failed, 1 interrupted; users 3 + 1.
 */
async function pipelineHistory(file: Opened): Promise<{ ledger: Ledger; close: () => void }> {
  const first = await file.open();
  const { ledger } = first;
  await ledger.startRun(run('r1', 'backfill'));
  await ledger.recordWindow(day('r1', 'conversations', 19, 'failed', { errorMessage: 'HTTP 500' }));
  await ledger.recordWindow(day('r1', 'conversations', 20, 'succeeded'));
  await ledger.recordWindow(day('r1', 'conversations', 21, 'succeeded'));
  await ledger.recordWindow(day('r1', 'conversations', 22, 'failed', { errorMessage: 'HTTP 500' }));
  for (const date of [20, 21, 22]) await ledger.recordWindow(day('r1', 'users', date, 'succeeded'));
  await ledger.finishRun('r1', { ...outcome, status: 'failed', errorMessage: 'HTTP 500' });

  await ledger.startRun(run('r2'));
  await ledger.recordWindow(day('r2', 'conversations', 22, 'succeeded'));
  await ledger.recordWindow(day('r2', 'conversations', 23, 'provisional'));
  await ledger.recordWindow(day('r2', 'conversations', 24, 'running'));
  first.close(); // killed

  const next = await file.open();
  await next.ledger.startRun(run('r3'));
  await next.ledger.recordWindow(day('r3', 'users', 23, 'provisional'));
  await next.ledger.finishRun('r3', { ...outcome, status: 'failed', errorMessage: 'GenesysApiError: HTTP 503' });
  return next;
}

async function status(ledger: Ledger, now: string, json: boolean): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await statusCommand(ledger, {
    json,
    maxLagMs,
    now: new Date(now),
    out: (chunk) => {
      text += chunk;
    },
  });
  return { code, text };
}

const conversationsWindows = { running: 0, succeeded: 3, provisional: 1, failed: 1, interrupted: 1 };
const usersWindows = { running: 0, succeeded: 3, provisional: 1, failed: 0, interrupted: 0 };

test('the last run failed: unhealthy (exit 3), in text and in JSON', async (t) => {
  const file = await warehouseFile(t);
  const { ledger, close } = await pipelineHistory(file);
  t.after(close);
  const { lastRun } = await ledger.report();
  assert.ok(lastRun !== null && lastRun.finishedAt !== null);

  const text = await status(ledger, '2026-11-24T05:12:00.000Z', false);
  assert.equal(text.code, 3);
  assert.equal(
    text.text,
    `Pipeline UNHEALTHY at 2026-11-24T05:12:00.000Z (max lag 36h)
  - the last run (r3, run) failed: GenesysApiError: HTTP 503

Last run: r3 (run) failed
  started ${lastRun.startedAt}, finished ${lastRun.finishedAt}
  error: GenesysApiError: HTTP 503

conversations
  last completed  2026-11-22T00:00:00.000Z → 2026-11-23T00:00:00.000Z
  loaded until    2026-11-24T00:00:00.000Z (lag 5h12m)
  windows         3 succeeded, 1 provisional, 1 failed, 0 running, 1 interrupted

users
  last completed  2026-11-22T00:00:00.000Z → 2026-11-23T00:00:00.000Z
  loaded until    2026-11-24T00:00:00.000Z (lag 5h12m)
  windows         3 succeeded, 1 provisional, 0 failed, 0 running, 0 interrupted
`,
  );

  const json = await status(ledger, '2026-11-24T05:12:00.000Z', true);
  assert.equal(json.code, 3);
  assert.deepEqual(JSON.parse(json.text), {
    healthy: false,
    problems: ['the last run (r3, run) failed: GenesysApiError: HTTP 503'],
    checkedAt: '2026-11-24T05:12:00.000Z',
    maxLagMs: 129_600_000,
    maxLag: '36h',
    lastRun: {
      runId: 'r3',
      command: 'run',
      status: 'failed',
      startedAt: lastRun.startedAt,
      finishedAt: lastRun.finishedAt,
      errorMessage: 'GenesysApiError: HTTP 503',
    },
    streams: [
      {
        stream: 'conversations',
        lastCompletedWindow: { start: '2026-11-22T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' },
        lastLoadedWindowEnd: '2026-11-24T00:00:00.000Z',
        lagMs: 18_720_000,
        lag: '5h12m',
        windows: conversationsWindows,
      },
      {
        stream: 'users',
        lastCompletedWindow: { start: '2026-11-22T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' },
        lastLoadedWindowEnd: '2026-11-24T00:00:00.000Z',
        lagMs: 18_720_000,
        lag: '5h12m',
        windows: usersWindows,
      },
    ],
    backfill: null,
    // Read from the ledger itself, not from a holder's snapshot.
    snapshot: null,
  });
});

test("a scheduler's backfill: its range, windows done, rate and ETA, in text and in JSON; it never makes status unhealthy", async (t) => {
  const file = await warehouseFile(t);
  const { ledger, close } = await pipelineHistory(file);
  t.after(close);
  // Ten days from 2026-11-10 to 2026-11-20, drained since 2026-11-24T04:00Z: r1's window of the 19th failed, r5
  // backfills the 18th. One window done in the last hour: 1 an hour, 9 left.
  await ledger.setBackfillTarget('schedule', {
    from: '2026-11-10T00:00:00.000Z',
    to: '2026-11-20T00:00:00.000Z',
    windowMs: 24 * HOUR,
    share: 0.3,
    startedAt: '2026-11-24T04:00:00.000Z',
    finishedAt: null,
  });
  await ledger.startRun(run('r5', 'backfill'));
  await ledger.recordWindow(day('r5', 'conversations', 18, 'succeeded'));
  await ledger.finishRun('r5', { ...outcome, status: 'succeeded' });
  const text = await status(ledger, '2026-11-24T05:12:00.000Z', false);
  const json = await status(ledger, '2026-11-24T05:12:00.000Z', true);
  assert.equal(text.code, 0, text.text);
  const finishedAt = Date.parse(
    (await ledger.finishedWindows('conversations', '2026-11-18T00:00:00.000Z', '2026-11-19T00:00:00.000Z'))[0]
      ?.finishedAt ?? '',
  );
  // The window of the 18th finished now (the wall clock), after "now" of this status: counted as recent.
  assert.ok(finishedAt > Date.parse('2026-11-24T05:12:00.000Z'));
  assert.match(
    text.text,
    /\nbackfill \(schedule --backfill-from, 30% of the request budget\)\n {2}range {11}2026-11-10T00:00:00\.000Z → 2026-11-20T00:00:00\.000Z\n {2}progress {8}1\/10 windows \(10\.0%\), 10 conversations, 1 windows\/h, ETA 2026-11-24T14:12:00\.000Z \(in 9h\)\n/,
  );
  const backfill = (JSON.parse(json.text) as { backfill: Record<string, unknown> }).backfill;
  assert.deepEqual(
    [backfill['windowsDone'], backfill['windowsTotal'], backfill['percentDone'], backfill['eta']],
    [1, 10, 10, '2026-11-24T14:12:00.000Z'],
  );
});

test('a later run succeeds: healthy (exit 0) while the lag is within --max-lag, unhealthy (3) beyond', async (t) => {
  const file = await warehouseFile(t);
  const { ledger, close } = await pipelineHistory(file);
  t.after(close);
  await ledger.startRun(run('r4'));
  await ledger.recordWindow(day('r4', 'conversations', 23, 'provisional'));
  await ledger.finishRun('r4', { ...outcome, status: 'succeeded' });

  const healthy = await status(ledger, '2026-11-24T05:12:00.000Z', true);
  assert.equal(healthy.code, 0);
  const evaluation = JSON.parse(healthy.text) as { healthy: boolean; problems: string[]; lastRun: RunSummary };
  assert.equal(evaluation.healthy, true);
  assert.deepEqual(evaluation.problems, []);
  assert.equal(evaluation.lastRun.runId, 'r4');
  assert.equal(evaluation.lastRun.status, 'succeeded');

  const text = await status(ledger, '2026-11-24T05:12:00.000Z', false);
  assert.equal(text.code, 0);
  assert.match(
    text.text,
    /^Pipeline healthy at 2026-11-24T05:12:00\.000Z \(max lag 36h\)\n\nLast run: r4 \(run\) succeeded\n/,
  );
  assert.doesNotMatch(text.text, /error:/);

  // 36 h after the last loaded window ended is still fine; a minute more is not.
  assert.equal((await status(ledger, '2026-11-25T12:00:00.000Z', true)).code, 0);
  const late = await status(ledger, '2026-11-25T12:01:00.000Z', true);
  assert.equal(late.code, 3);
  assert.deepEqual((JSON.parse(late.text) as { problems: string[] }).problems, [
    'conversations: the last loaded window ended 36h1m ago, more than the 36h allowed',
    'users: the last loaded window ended 36h1m ago, more than the 36h allowed',
  ]);
  const text2 = await status(ledger, '2026-11-27T03:00:00.000Z', false);
  assert.equal(text2.code, 3);
  assert.match(text2.text, /^ {2}- conversations: the last loaded window ended 3d3h ago, more than the 36h allowed$/m);
  assert.match(text2.text, /^ {2}loaded until {4}2026-11-24T00:00:00\.000Z \(lag 3d3h\)$/m);
});

test('evaluateStatus: no run, an interrupted run, a stream with nothing loaded', () => {
  const now = new Date('2026-11-24T00:00:00.000Z');
  assert.deepEqual(evaluateStatus({ streams: [], lastRun: null }, now, maxLagMs).problems, [
    'no run has been recorded yet: run `genesys-etl run` or `genesys-etl backfill` first',
  ]);
  const interrupted: RunSummary = {
    runId: 'r9',
    command: 'backfill',
    status: 'interrupted',
    startedAt: '2026-11-23T20:00:00.000Z',
    finishedAt: '2026-11-23T20:05:00.000Z',
    errorMessage: 'stopped by SIGINT',
  };
  const windows = { running: 0, succeeded: 0, provisional: 0, failed: 2, interrupted: 0 };
  const evaluation = evaluateStatus(
    {
      streams: [{ stream: 'recordings', lastCompletedWindow: null, lastLoadedWindowEnd: null, windows }],
      lastRun: interrupted,
    },
    now,
    maxLagMs,
  );
  assert.equal(evaluation.healthy, false);
  assert.deepEqual(evaluation.problems, [
    'the last run (r9, backfill) was interrupted: stopped by SIGINT',
    'recordings: no window has been loaded yet',
  ]);
  assert.equal(evaluation.streams[0]?.lagMs, null);

  // A run still marked running is in progress, unless nothing else can hold the warehouse.
  const running = { streams: [], lastRun: { ...interrupted, status: 'running', finishedAt: null } } as const;
  assert.deepEqual(evaluateStatus(running, now, maxLagMs).problems, ['no window has been recorded yet']);
  assert.deepEqual(evaluateStatus(running, now, maxLagMs, { runningIsDead: true }).problems, [
    'the last run (r9, backfill) ended without finishing (killed or crashed); it is still marked running until the next run starts',
    'no window has been recorded yet',
  ]);
  assert.deepEqual(
    [0, 59_999, 60_000, 5 * HOUR + 12 * 60_000, 36 * HOUR, 47 * HOUR + 59 * 60_000, 48 * HOUR, 75 * HOUR].map(
      formatLag,
    ),
    ['0m', '0m', '1m', '5h12m', '36h', '47h59m', '2d', '3d3h'],
  );
});

function cli(args: string[], warehouseUri: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'cli.ts'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env['PATH'], HOME: tmpdir(), WAREHOUSE_URI: warehouseUri },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    }),
  );
}

test('the CLI: genesys-etl status --json reads the warehouse named by WAREHOUSE_URI', async (t) => {
  const file = await warehouseFile(t);
  const failed = await pipelineHistory(file);
  failed.close();

  const unhealthy = await cli(['status', '--json'], `duckdb://${file.path}`);
  assert.equal(unhealthy.code, 3, unhealthy.stderr);
  const report = JSON.parse(unhealthy.stdout) as { healthy: boolean; problems: string[]; lastRun: RunSummary };
  assert.equal(report.healthy, false);
  assert.equal(report.lastRun.runId, 'r3');
  assert.ok(report.problems.includes('the last run (r3, run) failed: GenesysApiError: HTTP 503'));

  // A run that loads yesterday, by the real clock, and succeeds.
  const { ledger, close } = await file.open();
  const today = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR;
  await ledger.startRun(run('r4'));
  for (const stream of ['conversations', 'users']) {
    await ledger.recordWindow({
      ...day('r4', stream, 1, 'succeeded'),
      windowStart: new Date(today - 24 * HOUR).toISOString(),
      windowEnd: new Date(today).toISOString(),
      startedAt: new Date().toISOString(),
    });
  }
  await ledger.finishRun('r4', { ...outcome, status: 'succeeded' });
  close();

  const healthy = await cli(['status', '--json', '--max-lag', 'PT36H'], `duckdb://${file.path}`);
  assert.equal(healthy.code, 0, healthy.stderr);
  assert.equal((JSON.parse(healthy.stdout) as { healthy: boolean }).healthy, true);

  const text = await cli(['status'], `duckdb://${file.path}`);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Pipeline healthy at /);
  assert.match(text.stdout, /^Last run: r4 \(run\) succeeded$/m);

  // A run killed before it finished is still marked running; the CLI holds the file, so it is dead.
  const killed = await file.open();
  await killed.ledger.startRun(run('r5', 'backfill'));
  killed.close();
  const dead = await cli(['status', '--json'], `duckdb://${file.path}`);
  assert.equal(dead.code, 3, dead.stderr);
  assert.deepEqual((JSON.parse(dead.stdout) as { problems: string[] }).problems, [
    'the last run (r5, backfill) ended without finishing (killed or crashed); it is still marked running until the next run starts',
  ]);

  const missing = await cli(['status', '--json'], `duckdb://${join(file.path, '..', 'nothing-here.duckdb')}`);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /no warehouse at .*nothing-here\.duckdb/);
  assert.equal((JSON.parse(missing.stdout) as { lastRun: null }).lastRun, null);
});

interface PrintedStatus {
  healthy: boolean;
  problems: string[];
  lastRun: RunSummary;
  snapshot: { holder: string } | null;
}

test('while another process has the DuckDB file, status reads the snapshot its holder wrote; without one, exit 4', async (t) => {
  const file = await warehouseFile(t);
  const snapshotPath = statusSnapshotPath(file.path);
  const uri = `duckdb://${file.path}`;
  const printed = (stdout: string): PrintedStatus => JSON.parse(stdout) as PrintedStatus;
  // Yesterday by the real clock, loaded, then a run that is still going: healthy at the default lag.
  const today = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR;
  const yesterday = {
    windowStart: new Date(today - 24 * HOUR).toISOString(),
    windowEnd: new Date(today).toISOString(),
    startedAt: new Date().toISOString(),
  };

  // 1. This process holds the warehouse, as a run does (openWarehouse wraps it so).
  const holder = withStatusSnapshots(await openDuckdbWarehouse(file.path), snapshotPath);
  t.after(() => holder.close().catch(() => undefined));
  await holder.ledger.startRun(run('r1'));
  for (const stream of ['conversations', 'users']) {
    await holder.ledger.recordWindow({ ...day('r1', stream, 1, 'succeeded'), ...yesterday });
  }
  await holder.ledger.finishRun('r1', { ...outcome, status: 'succeeded' });
  await holder.ledger.startRun(run('r2'));
  // The snapshot is written after the change, in the background.
  for (let tries = 0; (await readStatusSnapshot(snapshotPath))?.report.lastRun?.runId !== 'r2'; tries += 1) {
    assert.ok(tries < 100, 'the holder wrote no snapshot of its last change');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const held = await cli(['status', '--json'], uri);
  assert.equal(held.code, 0, held.stderr);
  const heldReport = printed(held.stdout);
  assert.equal(heldReport.lastRun.runId, 'r2');
  assert.equal(heldReport.lastRun.status, 'running', 'its holder is alive: not taken for dead');
  assert.match(heldReport.snapshot?.holder ?? '', new RegExp(`^warehouse@[^:]+:${process.pid}:`));
  const heldText = await cli(['status'], uri);
  assert.equal(heldText.code, 0, heldText.stderr);
  assert.match(heldText.stdout, /^Last run: r2 \(run\) running$/m);
  assert.match(
    heldText.stdout,
    /^Read from .*w\.duckdb\.status\.json, written \w+ ago \(.+\) by warehouse@.+: the warehouse is in use\.$/m,
  );

  // 2. Closed, r2 still marked running (killed, say): status reads the ledger itself, and r2 is dead.
  await holder.close();
  assert.equal((await readStatusSnapshot(snapshotPath))?.open, false);
  const closed = await cli(['status', '--json'], uri);
  assert.equal(closed.code, 3, closed.stderr);
  assert.equal(printed(closed.stdout).snapshot, null);
  assert.match(printed(closed.stdout).problems.join('\n'), /r2, run\) ended without finishing/);

  // 3. Something else holds the file (dbt, a DuckDB shell): the last snapshot, from before the close.
  const shell = await file.open();
  try {
    const locked = await cli(['status', '--json'], uri);
    assert.equal(locked.code, 0, locked.stderr);
    assert.equal(printed(locked.stdout).lastRun.runId, 'r2');
    assert.notEqual(printed(locked.stdout).snapshot, null);
    // No snapshot: the lock's error, exit 4.
    await rm(snapshotPath);
    const refused = await cli(['status', '--json'], uri);
    assert.equal(refused.code, 4, refused.stdout);
    assert.match(refused.stderr, /LeaseHeldError: The warehouse .* is open in another process/);
  } finally {
    shell.close();
  }
});
