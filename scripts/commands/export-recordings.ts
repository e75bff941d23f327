/**
 * `genesys-etl export-recordings`: asks Genesys to export the recordings of [from, to) to an AWS
 * S3 integration through EXPORT bulk jobs, one window at a time. The one command that changes
 * anything in Genesys, so it is never run as part of `run` or `backfill`; `--dry-run` prints the
 * jobs it would create and calls nothing. The jobs and their failed recordings land in the
 * warehouse with the next `run` (stream recording_jobs).
 */
import { ConfigError } from '../../contract/errors.ts';
import { exportQuery, exportRecordings, type RecordingExportOptions } from '../../extract/recording-export.ts';
import { parseDuration, planWindows } from '../../contract/window.ts';
import { requireCredentials, type Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { clientFor } from './shared.ts';

export interface ExportRecordingsOptions {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly window: string;
  readonly integrationId: string | undefined;
  /** ISO timestamp; defaults to now (export at once). */
  readonly actionDate: string | undefined;
  readonly audioOnly: boolean;
  readonly dryRun: boolean;
  /** The clock (epoch ms), for tests. */
  readonly now?: number;
}

/** New recordings can take up to 48 h to show up in a bulk job's conversation query. */
const RECENT_MS = 48 * 3_600_000;

export async function exportRecordingsCommand(config: Config, options: ExportRecordingsOptions): Promise<void> {
  if (options.from === undefined || options.to === undefined) {
    throw new ConfigError(
      'export-recordings needs --from and --to (ISO dates, e.g. --from 2026-11-01 --to 2026-11-02)',
    );
  }
  if (options.integrationId === undefined || options.integrationId.trim() === '') {
    throw new ConfigError(
      'export-recordings needs --integration-id: the id of the AWS S3 recording bulk actions integration ' +
        '(Admin > Integrations in Genesys Cloud)',
    );
  }
  const actionDate = options.actionDate ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(actionDate)) || !/(Z|[+-]\d\d:?\d\d)$/.test(actionDate)) {
    throw new ConfigError(`--action-date must be a UTC timestamp such as 2026-11-24T00:00:00Z, got "${actionDate}"`);
  }
  const windows = planWindows(options.from, options.to, parseDuration(options.window, '--window'));
  const exportOptions: RecordingExportOptions = {
    integrationId: options.integrationId,
    actionDate,
    includeScreenRecordings: !options.audioOnly,
    pollIntervalMs: config.genesys.jobPollMs,
    timeoutMs: config.genesys.jobTimeoutMs,
  };
  process.stdout.write(`export-recordings plan: ${windows.length} EXPORT job(s), one at a time\n`);
  if (Date.parse(options.to) > (options.now ?? Date.now()) - RECENT_MS) {
    process.stdout.write(
      'note: recordings from the last 48 hours may not be in a bulk job yet (Genesys: up to 48 h to appear); ' +
        'export them again later\n',
    );
  }
  for (const window of windows) process.stdout.write(`  ${JSON.stringify(exportQuery(window, exportOptions))}\n`);
  if (options.dryRun) return;

  const [credentials] = requireCredentials(config);
  const progress = createProgress();
  const results = await exportRecordings(clientFor(config, credentials, progress), windows, {
    ...exportOptions,
    onProgress: (message) => {
      progress.log(message);
    },
  });
  for (const r of results) {
    process.stdout.write(
      `  ${r.window.start} → ${r.window.end}  job ${r.jobId} ${r.state}: ${r.processed} exported, ` +
        `${r.failed} failed, ${r.skipped} skipped of ${r.recordings} recording(s) in ${r.conversations} conversation(s)\n`,
    );
  }
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  if (failed > 0) {
    process.stdout.write(
      `${failed} recording(s) failed to export; the next \`genesys-etl run\` loads them into stg_genesys__recording_job_failures\n`,
    );
  }
}
