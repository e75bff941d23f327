#!/usr/bin/env node
/**
 * genesys-etl: the command line. It parses arguments and configuration and calls one command;
 * commands only wire library functions together.
 */
import { parseArgs } from 'node:util';
import { EtlError } from '../contract/errors.ts';
import { loadDotEnv, parseConfig } from './config.ts';
import { demo } from './commands/demo.ts';
import { exportRecordingsCommand } from './commands/export-recordings.ts';
import { run } from './commands/run.ts';
import { serveSandbox } from './commands/sandbox.ts';

const usage = `Usage: genesys-etl <command> [options]

Commands:
  demo [--scenario NAME|FILE]          the whole pipeline on the bundled sandbox (what npm start runs)
  run [--from ISO --to ISO] [--window P1D] [--skip-dbt] [--dry-run]
                                       extract, stage and load [from, to), then dbt build; without --from,
                                       from the last completed window minus EXTRACT_LOOKBACK
  backfill --from ISO --to ISO [--window P1D] [--parallel N] [--skip-dbt] [--dry-run]
                                       the same over a longer range; skips windows earlier runs completed,
                                       so after a crash or Ctrl-C it resumes where it stopped
  export-recordings --from ISO --to ISO --integration-id ID [--window P1D] [--action-date ISO]
                    [--audio-only] [--dry-run]
                                       ask Genesys to export the recordings of [from, to) to an S3
                                       integration (EXPORT bulk jobs); never part of run or backfill
  sandbox [--port N] [--scenario NAME|FILE]
                                       serve the sandbox Genesys org on 127.0.0.1

Configuration comes from environment variables and .env; see .env.example.`;

/** Ctrl-C ends at once (as a kill would: nothing finished is lost) and says how to resume. */
function onInterrupt(message: string): void {
  process.once('SIGINT', () => {
    process.stderr.write(`\nInterrupted. ${message}\n`);
    process.exit(130);
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      scenario: { type: 'string', default: 'default' },
      port: { type: 'string', default: '0' },
      from: { type: 'string' },
      to: { type: 'string' },
      window: { type: 'string', default: 'P1D' },
      parallel: { type: 'string', default: '1' },
      'dry-run': { type: 'boolean', default: false },
      'skip-dbt': { type: 'boolean', default: false },
      'integration-id': { type: 'string' },
      'action-date': { type: 'string' },
      'audio-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  loadDotEnv(process.cwd());
  switch (command) {
    case 'demo':
      await demo(parseConfig(process.env), { scenario: values.scenario });
      return;
    case 'run':
    case 'backfill':
      onInterrupt('Finished windows are kept; run the same command again to resume at the first unfinished one.');
      await run(parseConfig(process.env), {
        command,
        from: values.from,
        to: values.to,
        window: values.window,
        parallel: Number(values.parallel),
        dryRun: values['dry-run'],
        skipDbt: values['skip-dbt'],
      });
      return;
    case 'export-recordings':
      onInterrupt('An open export job goes on in Genesys; run the same command again to pick it up.');
      await exportRecordingsCommand(parseConfig(process.env), {
        from: values.from,
        to: values.to,
        window: values.window,
        integrationId: values['integration-id'],
        actionDate: values['action-date'],
        audioOnly: values['audio-only'],
        dryRun: values['dry-run'],
      });
      return;
    case 'sandbox': {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new EtlError(`--port must be 0-65535, got ${values.port}`);
      await serveSandbox({ scenario: values.scenario, port });
      return;
    }
    default:
      throw new EtlError(`Unknown command "${command}".\n\n${usage}`);
  }
}

const isParseArgsError = (error: unknown): error is Error =>
  error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof EtlError) {
    process.stderr.write(`\n${error.name}: ${error.message}\n`);
  } else if (isParseArgsError(error)) {
    process.stderr.write(`\n${error.message}\n\n${usage}\n`);
  } else {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
