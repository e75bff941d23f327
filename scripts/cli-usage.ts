/**
 * What `genesys-etl --help` and `genesys-etl <command> --help` say: each command's options (as
 * node:util parseArgs takes them), its help text, and the exit codes a scheduler acts on.
 */
/** The help lines run and backfill share: window options and what Ctrl-C does. */
const windowedOptionsHelp = `  --window DUR    window size, an ISO-8601 duration such as P1D or PT6H (default: P1D)
  --parallel N    windows in flight at once, 1-16 (default: 1; at least one per OAuth client)
  --skip-dbt      extract and load only; do not run dbt build
  --full-refresh  rebuild the incremental models from all history (dbt build --full-refresh)
  --dry-run       print the plan and stop
  -h, --help      this help

Ctrl-C (or SIGTERM) lets the windows being committed finish and abandons the others; a second
Ctrl-C stops at once. Run the same command again to resume.

It takes the warehouse lease for its duration: while a scheduler or another run holds it, it
exits 4 naming the holder. A failed run fires an alert when ALERT_WEBHOOK_URL is set.`;

export const exitCodes = { ok: 0, failed: 1, usage: 2, unhealthy: 3, leaseHeld: 4, interrupted: 130 } as const;

const help = { type: 'boolean', short: 'h', default: false } as const;
const dryRun = { type: 'boolean', default: false } as const;
const skipDbt = { type: 'boolean', default: false } as const;
const fullRefresh = { type: 'boolean', default: false } as const;
const windowSize = { type: 'string', default: 'P1D' } as const;
const parallel = { type: 'string', default: '1' } as const;
const range = { from: { type: 'string' }, to: { type: 'string' } } as const;
const scenario = { type: 'string', default: 'default' } as const;

export const commands = {
  demo: {
    summary: 'the whole pipeline on the bundled sandbox (what npm start runs)',
    options: { scenario, help },
    help: `Usage: genesys-etl demo [--scenario NAME|FILE]

Starts the bundled sandbox org in-process, extracts its days through the real SDK, stages and
loads them into the warehouse, writes and loads the scenario's billing file (as load-billing
does; written to data/billing/ beside the stage), runs dbt build and prints reported against verified compliance and the
billing reconciliation. Needs no credentials and no network.

Options:
  --scenario NAME|FILE  sandbox scenario: default, small, or a scenario JSON file (default: default)
  -h, --help            this help

Example:
  genesys-etl demo --scenario small`,
  },
  run: {
    summary: 'extract, stage and load [from, to) in windows, then dbt build',
    options: {
      ...range,
      window: windowSize,
      parallel,
      'skip-dbt': skipDbt,
      'full-refresh': fullRefresh,
      'dry-run': dryRun,
      help,
    },
    help: `Usage: genesys-etl run [--from ISO] [--to ISO] [--window P1D] [--parallel N] [--skip-dbt] [--full-refresh] [--dry-run]

Extracts, stages and loads [from, to) one window at a time, then runs dbt build. Without --from
it starts at the end of the last completed window minus EXTRACT_LOOKBACK (analytics data changes
for up to 48 hours); without --to it ends at the start of the current window.

Options:
  --from ISO      start of the range: a date or UTC timestamp (2026-11-23, 2026-11-23T06:00:00Z)
  --to ISO        end of the range, exclusive
${windowedOptionsHelp}

Example:
  genesys-etl run --from 2026-11-23 --to 2026-11-24`,
  },
  backfill: {
    summary: 'the same over a longer range; skips windows earlier runs completed (resumable)',
    options: {
      ...range,
      window: windowSize,
      parallel,
      'skip-dbt': skipDbt,
      'full-refresh': fullRefresh,
      'dry-run': dryRun,
      help,
    },
    help: `Usage: genesys-etl backfill --from ISO --to ISO [--window P1D] [--parallel N] [--skip-dbt] [--full-refresh] [--dry-run]

Like run, over a longer range: prints its plan first and skips the windows earlier runs
completed, so after a crash or Ctrl-C the same command resumes at the first unfinished window.

Options:
  --from ISO      start of the range (required): a date or UTC timestamp
  --to ISO        end of the range, exclusive (required)
${windowedOptionsHelp}

Example:
  genesys-etl backfill --from 2026-11-01 --to 2026-11-15 --parallel 4`,
  },
  schedule: {
    summary: 'run `run` on SCHEDULE_CRON until SIGTERM, holding the warehouse lease',
    options: {
      from: { type: 'string' },
      window: windowSize,
      parallel,
      'skip-dbt': skipDbt,
      'backfill-from': { type: 'string' },
      'backfill-to': { type: 'string' },
      'backfill-share': { type: 'string', default: '0.5' },
      help,
    },
    help: `Usage: genesys-etl schedule [--from ISO] [--window P1D] [--parallel N] [--skip-dbt]
                            [--backfill-from ISO [--backfill-to ISO] [--backfill-share 0.5]]

A long-running process (Cloud Run, Kubernetes, systemd) that runs \`run\` on SCHEDULE_CRON in
SCHEDULE_TIMEZONE (default "15 * * * *", every hour at :15, UTC). Each tick continues from the
ledger (the last completed window minus EXTRACT_LOOKBACK), so the first tick after downtime
catches up. Ticks never overlap: a tick that fires while the previous one still runs is skipped
and logged. A failed tick is retried SCHEDULE_RETRIES times (default 2) after
SCHEDULE_RETRY_DELAY (default PT1M), doubling each time, then alerted. One log line per tick.

It holds the warehouse lease (etl_leases in the ledger) for its lifetime, renewed every quarter
of LEASE_TTL (default PT10M): a second scheduler, or a run or backfill on the same warehouse,
exits 4 with the holder's name. A lease left by a killed process expires after LEASE_TTL. A
DuckDB file is opened only while a tick or a renewal needs it and closed before dbt.

With --backfill-from it also drains a backfill in the background, window by window (--window),
newest first, while the ticks keep the warehouse current: each window is a \`backfill\` run of its
own, committed and recorded in the ledger (a restarted scheduler resumes it), taking at most
--backfill-share of each OAuth client's GENESYS_REQUESTS_PER_MINUTE (the ticks use the rest, and
all of it once the backfill is done). It ends where the incremental history starts (the first
window of the completed stretch the ticks keep current) unless --backfill-to says otherwise, and
starts once that history exists. dbt is not run per backfill window: the next tick's dbt build
covers them (it waits for the backfill window in flight). A window that fails is retried like a
tick, then alerted, and the backfill stops until the scheduler restarts. One log line per
window; \`genesys-etl status\` shows the range, windows done, rate and ETA.

SIGTERM or Ctrl-C lets the windows being committed finish (the backfill's too), gives the lease
up and exits 0; a second one stops at once (exit 130). Alerts: see ALERT_WEBHOOK_URL in .env.example.

Options:
  --from ISO            where the first tick starts when the ledger is empty (default: one window back)
  --window DUR          window size, an ISO-8601 duration such as P1D or PT6H (default: P1D)
  --parallel N          windows in flight at once, 1-16 (default: 1; at least one per OAuth client)
  --skip-dbt            extract and load only; do not run dbt build
  --backfill-from ISO   also backfill from this date or UTC time, in the background
  --backfill-to ISO     where the backfill ends (default: where the incremental history starts)
  --backfill-share X    share of each OAuth client's request budget the backfill may use, above 0
                        and at most 1 (default: 0.5)
  -h, --help            this help

Exit codes: 0 stopped by SIGTERM/SIGINT; 2 configuration error; 4 the lease is held elsewhere
(or was lost to another holder).

Examples:
  SCHEDULE_CRON="*/30 * * * *" genesys-etl schedule --window PT6H
  genesys-etl schedule --backfill-from 2026-01-01 --backfill-share 0.3`,
  },
  'export-recordings': {
    summary: 'export the recordings of [from, to) to an S3 integration (EXPORT bulk jobs)',
    options: {
      ...range,
      window: windowSize,
      'integration-id': { type: 'string' },
      'action-date': { type: 'string' },
      'audio-only': { type: 'boolean', default: false },
      'dry-run': dryRun,
      help,
    },
    help: `Usage: genesys-etl export-recordings --from ISO --to ISO --integration-id ID [--window P1D]
                                     [--action-date ISO] [--audio-only] [--dry-run]

Asks Genesys to export the recordings of [from, to) to an AWS S3 integration through recording
EXPORT bulk jobs, one window at a time. The one command that changes anything in Genesys; never
part of run or backfill. Run again after an interruption, it picks up its own open job.

Options:
  --from ISO             start of the range (required): a date or UTC timestamp
  --to ISO               end of the range, exclusive (required)
  --integration-id ID    the AWS S3 recording bulk actions integration (required)
  --window DUR           one EXPORT job per window, an ISO-8601 duration (default: P1D)
  --action-date ISO      when Genesys should run the export, a UTC timestamp (default: now)
  --audio-only           leave screen recordings out
  --dry-run              print the jobs it would create and call nothing
  -h, --help             this help

Example:
  genesys-etl export-recordings --from 2026-11-01 --to 2026-11-02 --integration-id 0c1d... --dry-run`,
  },
  'load-billing': {
    summary: "validate finance's billing CSV, quarantine bad lines and load it (once per file)",
    options: { build: { type: 'boolean', default: false }, help },
    help: `Usage: genesys-etl load-billing FILE.csv [--build]

Validates finance's billing file, loads its valid lines into raw_finance__billed_interactions
and its invalid ones into etl_quarantine (stream billed_interactions, record_key FILE:LINE, with
the reason), through STAGE_URI and WAREHOUSE_URI (DuckDB or BigQuery). Lines read = loaded +
quarantined is checked against what the warehouse counted. A file is loaded once: the load is
keyed on its sha256, so loading the same content again (under any name) loads nothing.

The file: UTF-8 CSV, comma-separated, a header line naming these columns (any order):
  conversation_id  Genesys conversation id (UUID)
  client_id        the client billed, 1-100 characters
  invoice_id       the invoice, 1-100 characters
  billed_at        ISO-8601 timestamp with Z or offset (2026-11-03T10:15:00Z) or a date (2026-11-03, UTC)
  amount           number >= 0, dot decimal, at most 4 decimals (12.50)
  currency         ISO 4217 code (EUR)
A line is billed once per (invoice_id, conversation_id); a repeat in the same file is quarantined,
and a later file's line replaces an earlier file's in the marts. Blank lines are skipped.

Options:
  --build       run dbt build afterwards, so fct_billing_reconciliation shows the file
  -h, --help    this help

Exit codes: 0 loaded (or loaded before; quarantined lines are reported, not an error); 1 the
load failed (worth retrying); 2 no such file, not UTF-8, or not the header above (fix the file).

Example:
  genesys-etl load-billing billing-2026-11.csv --build`,
  },
  'export-billing': {
    summary: "write a month's billing reconciliation for finance (CSV or Parquet, with totals)",
    options: { month: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' }, help },
    help: `Usage: genesys-etl export-billing --month YYYY-MM [--format csv|parquet] [--out FILE]

Writes the billing reconciliation of one month from the mart fct_billing_reconciliation: one row
per billed interaction whose billed_at falls in the month (UTC), plus one per verified
conversation of the month that was not billed, with its status (verified, unverified,
not_billed_verified), unverified_reason, amount and currency. Beside it, FILE's totals file
(FILE with .totals before the extension) holds per currency and status (and reason) the number
of interactions and the amount billed, and a row per currency with status 'all'. The totals are
printed too. The marts must have been built since the billing file was loaded (see load-billing).

Options:
  --month YYYY-MM   the month (required), e.g. 2026-11
  --format FMT      csv (default) or parquet
  --out FILE        where to write (default: billing-reconciliation-YYYY-MM.csv or .parquet)
  -h, --help        this help

Example:
  genesys-etl export-billing --month 2026-11 --out november.csv   # also writes november.totals.csv`,
  },
  sandbox: {
    summary: 'serve the sandbox Genesys org on 127.0.0.1',
    options: { port: { type: 'string', default: '0' }, scenario, 'billing-file': { type: 'string' }, help },
    help: `Usage: genesys-etl sandbox [--port N] [--scenario NAME|FILE] [--billing-file PATH]

Serves the synthetic Genesys org on http://127.0.0.1:PORT and prints its OAuth client id and
secret, until Ctrl-C.

Options:
  --port N              port to listen on, 0-65535; 0 picks a free one (default: 0)
  --scenario NAME|FILE  sandbox scenario: default, small, or a scenario JSON file (default: default)
  --billing-file PATH   also write finance's billing CSV for the scenario's conversations there
                        (deterministic; with anomalies: unverified and unknown conversations,
                        verified ones not billed, malformed lines), for load-billing
  -h, --help            this help

Example:
  genesys-etl sandbox --port 8080`,
  },
  status: {
    summary: 'how fresh the warehouse is and how the last run ended; exit 3 when unhealthy',
    options: { json: { type: 'boolean', default: false }, 'max-lag': { type: 'string', default: 'PT36H' }, help },
    help: `Usage: genesys-etl status [--json] [--max-lag PT36H]

Reads the window ledger: per stream the last completed window, the windows provisional, failed,
running or interrupted, and the lag (now minus the end of the last loaded window); and the last
run's outcome. Exits 0 when healthy, 3 when not: no run yet, the last run failed or was
interrupted, or some stream lags more than --max-lag (or has nothing loaded).

A DuckDB file admits one process at a time: while a run or scheduler has it open, status reads
the snapshot that process writes after each change (<warehouse>.status.json) and says so; with
the file locked and no snapshot, it exits 4.

Options:
  --json          print one JSON object (healthy, problems, lastRun, streams[] with lagMs,
                  snapshot: where it was read from when not from the ledger itself)
  --max-lag DUR   the most a stream may lag, an ISO-8601 duration (default: PT36H)
  -h, --help      this help

Example:
  genesys-etl status --json --max-lag PT30H`,
  },
  report: {
    summary: 'write the compliance report, one self-contained HTML page, from the marts',
    options: { out: { type: 'string', default: 'data/report.html' }, help },
    help: `Usage: genesys-etl report [--out FILE]

Reads the marts of the warehouse (WAREHOUSE_URI: a DuckDB file, or BigQuery's marts dataset,
DBT_MARTS_SCHEMA) and writes one HTML page that
opens without network: reported against verified compliance, verified compliance by local hour
with the peak gap marked, the screen recording failure rate with and without the data action
timeout, custody verdicts and billing reconciliation totals, each chart with its query. A
section whose mart the warehouse does not have says so instead. Prints the file's path.

Options:
  --out FILE   where to write the page (default: data/report.html)
  -h, --help   this help

Example:
  genesys-etl report --out /tmp/compliance.html`,
  },
} as const;

export type CommandName = keyof typeof commands;
export const commandNames = Object.keys(commands) as CommandName[];
export const isCommand = (name: string): name is CommandName => Object.hasOwn(commands, name);

export const usage = `Usage: genesys-etl <command> [options]
       genesys-etl <command> --help     the command's options and an example
       genesys-etl --version

Commands:
${commandNames.map((name) => `  ${name.padEnd(19)}${commands[name].summary}`).join('\n')}

Exit codes:
  0    success (status: the pipeline is healthy)
  1    the run failed (Genesys, load, reconciliation or dbt error): worth retrying
  2    usage or configuration error (unknown command or option, bad value, invalid .env), or
       an input file that cannot be used (load-billing): fix it; retrying will not help
  3    status: the pipeline is unhealthy
  4    the warehouse lease is held by another scheduler or run (run, backfill, schedule), or
       (status) the DuckDB file is locked with no snapshot to read: wait for it or stop it;
       a killed holder's lease expires after LEASE_TTL
  130  interrupted (Ctrl-C, SIGTERM): finished windows are kept; the same command resumes

Configuration comes from environment variables and .env; see .env.example.`;
