/** The DuckDB window ledger (etl_runs, etl_windows) against a real DuckDB file. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { serialQueue } from '../../../contract/concurrency.ts';
import { createDuckdbLedger } from '../../../load/duckdb/ledger.ts';
import type { Ledger, WindowRecord, WindowStatus } from '../../../load/warehouse.ts';
import { checkBackfillLedger } from '../../helpers/backfill-ledger-checks.ts';
import { checkLeaseSemantics } from '../../helpers/lease-checks.ts';
import { dayWindow } from '../../helpers/window-record.ts';

interface Opened {
  readonly ledger: Ledger;
  readonly connection: DuckDBConnection;
  readonly close: () => void;
}

async function open(path: string): Promise<Opened> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const ledger = await createDuckdbLedger(connection, serialQueue());
  return {
    ledger,
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function tempWarehouse(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-ledger-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'warehouse.duckdb');
}

async function query(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}

const run = (runId: string, command = 'backfill') => ({ runId, command, windowStart: null, windowEnd: null });
const outcome = { received: 0, loaded: 0, quarantined: 0, apiRequests: 0 };
const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const day = dayWindow;

test('startRun, recordWindow and finishRun round-trip; a window record is replaced by its final status', async (t) => {
  const { ledger, connection, close } = await open(await tempWarehouse(t));
  t.after(close);

  await ledger.startRun({
    runId: 'r1',
    command: 'run',
    windowStart: '2026-11-03T00:00:00.000Z',
    windowEnd: '2026-11-04T00:00:00.000Z',
  });
  const runningWindow = day('r1', 'conversations', 3, 'running', '2026-11-24T08:00:00.000Z');
  await ledger.recordWindow(runningWindow);
  assert.deepEqual(
    await query(
      connection,
      `select status, finished_at is null as unfinished, error_message from etl_windows where run_id = 'r1'`,
    ),
    [{ status: 'running', unfinished: true, error_message: null }],
  );

  await ledger.recordWindow({
    ...runningWindow,
    status: 'provisional',
    received: 120,
    loaded: 118,
    quarantined: 2,
    apiCalls: 7,
    dataAvailabilityDate: '2026-11-03T18:30:00.000Z',
  });
  await ledger.finishRun('r1', {
    status: 'succeeded',
    received: 120,
    loaded: 118,
    quarantined: 2,
    apiRequests: 9,
  });

  assert.deepEqual(
    await query(
      connection,
      `select run_id, command, status, strftime(window_start, '%Y-%m-%d %H:%M') as window_start,
              strftime(window_end, '%Y-%m-%d %H:%M') as window_end, received, loaded, quarantined, api_requests,
              error_message, started_at is not null and finished_at >= started_at as timed
       from etl_runs`,
    ),
    [
      {
        run_id: 'r1',
        command: 'run',
        status: 'succeeded',
        window_start: '2026-11-03 00:00',
        window_end: '2026-11-04 00:00',
        received: '120',
        loaded: '118',
        quarantined: '2',
        api_requests: '9',
        error_message: null,
        timed: true,
      },
    ],
  );
  assert.deepEqual(
    await query(
      connection,
      `select run_id, stream, strftime(window_start, '%Y-%m-%d') as window_start,
              strftime(window_end, '%Y-%m-%d') as window_end, status, received, loaded, quarantined, api_calls,
              strftime(data_availability_date, '%Y-%m-%d %H:%M') as data_availability_date,
              strftime(started_at, '%Y-%m-%d %H:%M') as started_at, finished_at is not null as finished, error_message
       from etl_windows`,
    ),
    [
      {
        run_id: 'r1',
        stream: 'conversations',
        window_start: '2026-11-03',
        window_end: '2026-11-04',
        status: 'provisional',
        received: '120',
        loaded: '118',
        quarantined: '2',
        api_calls: '7',
        data_availability_date: '2026-11-03 18:30',
        started_at: '2026-11-24 08:00',
        finished: true,
        error_message: null,
      },
    ],
  );

  // A failed window keeps its reason; a failed run too.
  await ledger.startRun(run('r2'));
  await ledger.recordWindow(
    day('r2', 'conversations', 4, 'failed', '2026-11-24T09:00:00.000Z', { errorMessage: 'HTTP 503 from Genesys' }),
  );
  await ledger.finishRun('r2', { ...outcome, status: 'failed', errorMessage: 'HTTP 503 from Genesys' });
  assert.deepEqual(
    await query(
      connection,
      `select r.status as run_status, r.error_message as run_error, w.status, w.error_message
       from etl_runs r join etl_windows w using (run_id) where run_id = 'r2'`,
    ),
    [
      {
        run_status: 'failed',
        run_error: 'HTTP 503 from Genesys',
        status: 'failed',
        error_message: 'HTTP 503 from Genesys',
      },
    ],
  );
  const report = await ledger.report();
  assert.equal(report.lastRun?.runId, 'r2');
  assert.equal(report.lastRun.status, 'failed');
  assert.equal(report.lastRun.errorMessage, 'HTTP 503 from Genesys');
  assert.match(report.lastRun.startedAt, isoMs);
  assert.match(report.lastRun.finishedAt ?? '', isoMs);
});

test('a run left running by a dead process, and its running windows, become interrupted at the next start', async (t) => {
  const path = await tempWarehouse(t);

  const first = await open(path);
  await first.ledger.startRun(run('earlier'));
  await first.ledger.finishRun('earlier', { ...outcome, status: 'failed', errorMessage: 'HTTP 400' });
  await first.ledger.startRun(run('killed'));
  await first.ledger.recordWindow(day('killed', 'conversations', 1, 'succeeded', '2026-11-24T08:00:00.000Z'));
  await first.ledger.recordWindow(day('killed', 'conversations', 2, 'running', '2026-11-24T08:05:00.000Z'));
  await first.ledger.recordWindow(day('killed', 'users', 2, 'running', '2026-11-24T08:05:00.000Z'));
  first.close(); // as if the process died here: 'killed' never finishes

  const next = await open(path);
  t.after(next.close);
  await next.ledger.startRun(run('next'));
  assert.deepEqual(await query(next.connection, 'select run_id, status, error_message from etl_runs order by run_id'), [
    { run_id: 'earlier', status: 'failed', error_message: 'HTTP 400' },
    {
      run_id: 'killed',
      status: 'interrupted',
      error_message: 'the process ended before the run finished (killed or crashed); the windows it finished are kept',
    },
    { run_id: 'next', status: 'running', error_message: null },
  ]);
  assert.deepEqual(
    await query(
      next.connection,
      `select stream, strftime(window_start, '%d') as day, status, error_message, finished_at is not null as finished
       from etl_windows order by stream, window_start`,
    ),
    [
      { stream: 'conversations', day: '01', status: 'succeeded', error_message: null, finished: true },
      {
        stream: 'conversations',
        day: '02',
        status: 'interrupted',
        error_message: 'the process ended before this window finished (killed or crashed)',
        finished: true,
      },
      {
        stream: 'users',
        day: '02',
        status: 'interrupted',
        error_message: 'the process ended before this window finished (killed or crashed)',
        finished: true,
      },
    ],
  );

  // A run that finishes (Ctrl-C) with windows still running leaves them interrupted, not running.
  await next.ledger.recordWindow(day('next', 'conversations', 3, 'running', '2026-11-24T09:00:00.000Z'));
  await next.ledger.finishRun('next', { ...outcome, status: 'interrupted', errorMessage: 'stopped by SIGINT' });
  assert.deepEqual(
    await query(next.connection, `select status, error_message from etl_windows where run_id = 'next'`),
    [{ status: 'interrupted', error_message: 'the run ended before this window finished; it was abandoned' }],
  );
});

test('completedWindows gives windowKey() strings of the windows some run completed as final', async (t) => {
  const { ledger, close } = await open(await tempWarehouse(t));
  t.after(close);
  assert.deepEqual(await ledger.completedWindows('conversations'), new Set());
  assert.equal(await ledger.lastCompletedWindowEnd('conversations'), null);

  await ledger.startRun(run('r1'));
  const quarter = (start: string, end: string, status: WindowStatus, runId = 'r1'): WindowRecord => ({
    ...day(runId, 'conversations', 1, status, '2026-11-24T08:00:00.000Z'),
    windowStart: start,
    windowEnd: end,
  });
  await ledger.recordWindow(quarter('2026-11-03T00:00:00Z', '2026-11-03T06:00:00Z', 'succeeded'));
  await ledger.recordWindow(quarter('2026-11-03T06:00:00.000Z', '2026-11-03T12:00:00.000Z', 'succeeded'));
  await ledger.recordWindow(quarter('2026-11-03T12:00:00.000Z', '2026-11-03T18:00:00.000Z', 'provisional'));
  await ledger.recordWindow(quarter('2026-11-03T18:00:00.000Z', '2026-11-04T00:00:00.000Z', 'failed'));
  await ledger.recordWindow(day('r1', 'users', 9, 'succeeded', '2026-11-24T08:00:00.000Z'));
  await ledger.finishRun('r1', { ...outcome, status: 'failed' });
  // A later run completes the same window again: one key.
  await ledger.startRun(run('r2'));
  await ledger.recordWindow(quarter('2026-11-03T00:00:00.000Z', '2026-11-03T06:00:00.000Z', 'succeeded', 'r2'));
  await ledger.finishRun('r2', { ...outcome, status: 'succeeded' });

  assert.deepEqual(
    await ledger.completedWindows('conversations'),
    new Set(['2026-11-03T00:00:00.000Z|2026-11-03T06:00:00.000Z', '2026-11-03T06:00:00.000Z|2026-11-03T12:00:00.000Z']),
  );
  assert.deepEqual(
    await ledger.completedWindows('users'),
    new Set(['2026-11-09T00:00:00.000Z|2026-11-10T00:00:00.000Z']),
  );
  assert.deepEqual(await ledger.completedWindows('recordings'), new Set());
  assert.equal(await ledger.lastCompletedWindowEnd('conversations'), '2026-11-03T12:00:00.000Z');
  assert.equal(await ledger.lastCompletedWindowEnd('users'), '2026-11-10T00:00:00.000Z');
});

test('report() counts each window by its latest record and names the last run', async (t) => {
  const path = await tempWarehouse(t);
  const first = await open(path);
  assert.deepEqual(await first.ledger.report(), { streams: [], lastRun: null });

  // r1 (backfill, failed): conversations 1 and 3 succeed, 2 fails; users 1 succeeds.
  await first.ledger.startRun(run('r1', 'backfill'));
  await first.ledger.recordWindow(day('r1', 'conversations', 1, 'succeeded', '2026-11-20T01:00:00.000Z'));
  await first.ledger.recordWindow(
    day('r1', 'conversations', 2, 'failed', '2026-11-20T01:01:00.000Z', { errorMessage: 'HTTP 500' }),
  );
  await first.ledger.recordWindow(day('r1', 'conversations', 3, 'succeeded', '2026-11-20T01:02:00.000Z'));
  await first.ledger.recordWindow(day('r1', 'users', 1, 'succeeded', '2026-11-20T01:00:00.000Z'));
  await first.ledger.finishRun('r1', { ...outcome, status: 'failed', errorMessage: 'HTTP 500' });

  // r2 (run, failed): conversations 2 now succeeds, 4 is provisional, 5 fails; users 1 fails, 2 is provisional.
  await first.ledger.startRun(run('r2', 'run'));
  await first.ledger.recordWindow(day('r2', 'conversations', 2, 'succeeded', '2026-11-21T01:00:00.000Z'));
  await first.ledger.recordWindow(day('r2', 'conversations', 4, 'provisional', '2026-11-21T01:01:00.000Z'));
  await first.ledger.recordWindow(day('r2', 'conversations', 5, 'failed', '2026-11-21T01:02:00.000Z'));
  await first.ledger.recordWindow(day('r2', 'users', 1, 'failed', '2026-11-21T01:00:00.000Z'));
  await first.ledger.recordWindow(day('r2', 'users', 2, 'provisional', '2026-11-21T01:01:00.000Z'));
  await first.ledger.finishRun('r2', { ...outcome, status: 'failed', errorMessage: 'JobError: FAILED' });

  // r3 dies while conversations 6 runs.
  await first.ledger.startRun(run('r3', 'run'));
  await first.ledger.recordWindow(day('r3', 'conversations', 6, 'running', '2026-11-22T01:00:00.000Z'));
  first.close();

  // r4 marks r3 interrupted and is running conversations 7 right now.
  const next = await open(path);
  t.after(next.close);
  await next.ledger.startRun(run('r4', 'run'));
  await next.ledger.recordWindow(day('r4', 'conversations', 7, 'running', '2026-11-23T01:00:00.000Z'));

  const report = await next.ledger.report();
  assert.ok(report.lastRun !== null);
  assert.match(report.lastRun.startedAt, isoMs);
  assert.deepEqual(report, {
    streams: [
      {
        stream: 'conversations',
        lastCompletedWindow: { start: '2026-11-03T00:00:00.000Z', end: '2026-11-04T00:00:00.000Z' },
        lastLoadedWindowEnd: '2026-11-05T00:00:00.000Z',
        windows: { running: 1, succeeded: 3, provisional: 1, failed: 1, interrupted: 1 },
      },
      {
        stream: 'users',
        lastCompletedWindow: null,
        lastLoadedWindowEnd: '2026-11-03T00:00:00.000Z',
        windows: { running: 0, succeeded: 0, provisional: 1, failed: 1, interrupted: 0 },
      },
    ],
    lastRun: {
      runId: 'r4',
      command: 'run',
      status: 'running',
      startedAt: report.lastRun.startedAt,
      finishedAt: null,
      errorMessage: null,
    },
  });
});

test('a ledger written before windows had an error message is migrated in place', async (t) => {
  const path = await tempWarehouse(t);
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(`create table etl_windows (
    run_id varchar, stream varchar, window_start timestamptz, window_end timestamptz, status varchar,
    received bigint, loaded bigint, quarantined bigint, api_calls bigint, data_availability_date timestamptz,
    started_at timestamptz, finished_at timestamptz, primary key (run_id, stream, window_start))`);
  await connection.run(`insert into etl_windows values ('old', 'conversations', '2026-11-01T00:00:00Z',
    '2026-11-02T00:00:00Z', 'succeeded', 1, 1, 0, 3, null, '2026-11-02T01:00:00Z', '2026-11-02T01:05:00Z')`);
  connection.closeSync();
  instance.closeSync();

  const { ledger, connection: migrated, close } = await open(path);
  t.after(close);
  await ledger.startRun(run('new'));
  await ledger.recordWindow(
    day('new', 'conversations', 2, 'failed', '2026-11-24T08:00:00.000Z', { errorMessage: 'HTTP 429' }),
  );
  assert.deepEqual(
    await query(migrated, 'select run_id, status, error_message from etl_windows order by run_id desc'),
    [
      { run_id: 'old', status: 'succeeded', error_message: null },
      { run_id: 'new', status: 'failed', error_message: 'HTTP 429' },
    ],
  );
  assert.deepEqual(
    await ledger.completedWindows('conversations'),
    new Set(['2026-11-01T00:00:00.000Z|2026-11-02T00:00:00.000Z']),
  );
});

test('stream state is kept between opens of the warehouse, and replaced when saved again', async (t) => {
  const path = await tempWarehouse(t);
  const first = await open(path);
  assert.equal(await first.ledger.streamState('recording_lifecycle.last_sweep'), null);
  await first.ledger.setStreamState('recording_lifecycle.last_sweep', '2026-11-03T03:00:00.000Z');
  await first.ledger.setStreamState('recording_lifecycle.last_sweep', '2026-11-10T03:00:00.000Z');
  first.close();
  const second = await open(path);
  t.after(second.close);
  assert.equal(await second.ledger.streamState('recording_lifecycle.last_sweep'), '2026-11-10T03:00:00.000Z');
  assert.equal(await second.ledger.streamState('another'), null);
});

test('recordWindows writes a commit at once: window records replaced, stream states saved; a bad record writes nothing', async (t) => {
  const { ledger, connection, close } = await open(await tempWarehouse(t));
  t.after(close);
  await ledger.startRun(run('r1'));
  await ledger.recordWindow(day('r1', 'conversations', 2, 'running', '2026-11-24T08:00:00.000Z'));
  await ledger.recordWindow(day('r1', 'conversations', 3, 'running', '2026-11-24T08:00:00.000Z'));
  await ledger.recordWindows(
    [
      day('r1', 'conversations', 2, 'succeeded', '2026-11-24T08:00:00.000Z', { received: 5, loaded: 5 }),
      day('r1', 'recordings', 2, 'succeeded', '2026-11-24T08:00:00.000Z', { received: 3, loaded: 3 }),
      day('r1', 'conversations', 3, 'provisional', '2026-11-24T08:00:00.000Z', { received: 2, loaded: 2 }),
    ],
    [{ key: 'k', state: 'v1' }],
  );
  const rows = await query(
    connection,
    `select stream, strftime(window_start, '%d') as d, status, loaded from etl_windows order by 1, 2`,
  );
  assert.deepEqual(
    rows.map((row) => [row['stream'], row['d'], row['status'], Number(row['loaded'])]),
    [
      ['conversations', '02', 'succeeded', 5],
      ['conversations', '03', 'provisional', 2],
      ['recordings', '02', 'succeeded', 3],
    ],
  );
  assert.equal(await ledger.streamState('k'), 'v1');
  // A record the ledger refuses: neither it nor the state beside it is written.
  await assert.rejects(
    ledger.recordWindows(
      [
        day('r1', 'conversations', 4, 'succeeded', '2026-11-24T08:00:00.000Z'),
        day('r1', 'recordings', 4, 'succeeded', '2026-11-24T08:00:00.000Z', { loaded: -1 }),
      ],
      [{ key: 'k', state: 'v2' }],
    ),
    /loaded to be a whole number/,
  );
  assert.equal(await ledger.streamState('k'), 'v1');
  assert.deepEqual(await query(connection, `select * from etl_windows where window_start >= '2026-11-04'`), []);
  await ledger.recordWindows([], []);
});

test('the lease is taken, refused to others, renewed, released, and taken over once expired', async (t) => {
  const { ledger, close } = await open(await tempWarehouse(t));
  t.after(close);
  await checkLeaseSemantics(ledger);
});

test("a scheduler's backfill: its target is replaced, its windows listed, its run not taken for dead by a tick", async (t) => {
  const { ledger, close } = await open(await tempWarehouse(t));
  t.after(close);
  await checkBackfillLedger(ledger);
});
