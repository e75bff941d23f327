#!/usr/bin/env node
/**
 * genesys-etl: the command line. It parses arguments and configuration and calls one command;
 * commands only wire library functions together. Each command has its own options (an option it
 * does not take is a usage error) and its own `--help`. Commands are imported when they run, so
 * `--help` and `--version` load nothing else.
 *
 * Exit codes, for schedulers: 0 success; 1 the run failed (worth retrying); 2 usage or
 * configuration error, or an input file that cannot be used (retrying will not help); 3 `status`
 * found the pipeline unhealthy; 4 another scheduler or run holds the warehouse lease; 130
 * interrupted (Ctrl-C or SIGTERM; `schedule` exits 0 on the first one, once the window in flight
 * has committed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, EtlError, InputFileError, InterruptedError, LeaseHeldError } from '../contract/errors.ts';
import { parseDuration } from '../contract/window.ts';
import { commandNames, commands, exitCodes, isCommand, usage, type CommandName } from './cli-usage.ts';
import { loadDotEnv, parseConfig, parseHeapLimits, projectRoot } from './config.ts';
import { relaunchWithHeapLimits } from './heap-limit.ts';
import { exitOnInterrupt, interruptedMessage, interruptible } from './interrupt.ts';

/** The invocation is wrong (unknown command or option, bad value): exit 2, with a pointer to the help. */
class UsageError extends Error {
  override name = 'UsageError' as const;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

const optionNames = (name: CommandName): string =>
  Object.keys(commands[name].options)
    .map((option) => `--${option}`)
    .join(', ');

/** A parseArgs error as one line naming the option and the command. */
function usageErrorFrom(error: unknown, command: CommandName): UsageError | undefined {
  const code = String((error as { code?: unknown } | null)?.code);
  if (!(error instanceof Error) || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const flag = quoted.split(' ')[0] ?? quoted;
  const see = `see genesys-etl ${command} --help`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(`${command} does not take ${flag} (it takes ${optionNames(command)}); ${see}`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError(`${command} takes no argument "${quoted}" (options start with --); ${see}`);
  }
  if (error.message.includes('does not take an argument')) {
    return new UsageError(`${command}: ${flag} takes no value; ${see}`);
  }
  return new UsageError(`${command}: ${flag} needs a value; ${see}`);
}

function positiveInteger(value: string, name: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

/** A value of a command option that is not valid: a usage error naming the command. */
function checked<T>(command: CommandName, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      throw new UsageError(`${command}: ${error.message}; see genesys-etl ${command} --help`);
    }
    throw error;
  }
}

function readConfig() {
  loadDotEnv(process.cwd());
  return parseConfig(process.env);
}

/**
 * The pipeline commands run under Node heap limits (NODE_MAX_OLD_SPACE_MB, NODE_MAX_SEMI_SPACE_MB):
 * the child's exit code when this process relaunched itself with them, or null to run here.
 */
function relaunched(): Promise<number> | null {
  loadDotEnv(process.cwd());
  return relaunchWithHeapLimits(parseHeapLimits(process.env));
}

async function runCommand(command: CommandName, args: string[]): Promise<number> {
  switch (command) {
    case 'demo': {
      const { values } = parseArgs({ args, options: commands.demo.options, strict: true });
      const child = relaunched();
      if (child !== null) return child;
      const { demo } = await import('./commands/demo.ts');
      await demo(readConfig(), { scenario: values.scenario });
      return exitCodes.ok;
    }
    case 'run':
    case 'backfill': {
      const { values } = parseArgs({ args, options: commands[command].options, strict: true });
      checked(command, () => parseDuration(values.window, '--window'));
      const parallelWindows = checked(command, () => positiveInteger(values.parallel, '--parallel', 1, 16));
      if (command === 'backfill' && (values.from === undefined || values.to === undefined)) {
        throw new UsageError(
          'backfill needs --from and --to (e.g. --from 2026-11-01 --to 2026-11-15); see genesys-etl backfill --help',
        );
      }
      const child = relaunched();
      if (child !== null) return child;
      const settings = readConfig();
      const { run, accessFor } = await import('./commands/run.ts');
      const { takeLease } = await import('./lease.ts');
      const { createAlerter } = await import('./alerts/webhook.ts');
      const { failureAlert } = await import('./alerts/checks.ts');
      const { alertAfterRun } = await import('./alerts/after-run.ts');
      const access = accessFor(settings);
      const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
      };
      const alerter = createAlerter(settings.alerts, settings.warehousePath, log);
      const lease = values['dry-run']
        ? undefined
        : await takeLease(access, { role: command, ttlMs: settings.leaseTtlMs, log });
      try {
        await interruptible(async (signal) => {
          const now = new Date();
          const result = await run(settings, {
            command,
            from: values.from,
            to: values.to,
            window: values.window,
            parallel: parallelWindows,
            dryRun: values['dry-run'],
            skipDbt: values['skip-dbt'],
            fullRefresh: values['full-refresh'],
            signal,
            access,
          });
          if (!values['dry-run'])
            await alertAfterRun(settings, access, alerter, { dbtBuilt: result.dbtBuilt, now, log });
        });
      } catch (error) {
        if (!(error instanceof InterruptedError)) await alerter.fire(failureAlert(error, command));
        throw error;
      } finally {
        await lease?.release();
      }
      return exitCodes.ok;
    }
    case 'schedule': {
      const { values } = parseArgs({ args, options: commands.schedule.options, strict: true });
      checked(command, () => parseDuration(values.window, '--window'));
      const parallelWindows = checked(command, () => positiveInteger(values.parallel, '--parallel', 1, 16));
      const { parseShare, parseInstant } = await import('./schedule/backfill.ts');
      const backfillFrom = values['backfill-from'];
      const backfillTo = values['backfill-to'];
      const share = checked(command, () => parseShare(values['backfill-share']));
      if (
        backfillFrom === undefined &&
        (backfillTo !== undefined || args.some((arg) => arg.startsWith('--backfill-share')))
      ) {
        throw new UsageError(
          'schedule: --backfill-to and --backfill-share need --backfill-from; see genesys-etl schedule --help',
        );
      }
      if (backfillFrom !== undefined) checked(command, () => parseInstant(backfillFrom, '--backfill-from'));
      if (backfillTo !== undefined) checked(command, () => parseInstant(backfillTo, '--backfill-to'));
      const child = relaunched();
      if (child !== null) return child;
      const settings = readConfig();
      const { scheduleCommand } = await import('./commands/schedule.ts');
      const controller = new AbortController();
      const onSignal = (name: NodeJS.Signals): void => {
        if (controller.signal.aborted) {
          process.stderr.write('\nStopped at once; the lease expires after LEASE_TTL.\n');
          process.exit(exitCodes.interrupted);
        }
        process.stderr.write(`\n${name}: stopping after the windows being committed; ${name} again stops at once.\n`);
        controller.abort(new InterruptedError(`stopped by ${name}`));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await scheduleCommand(settings, {
          from: values.from,
          window: values.window,
          parallel: parallelWindows,
          skipDbt: values['skip-dbt'],
          signal: controller.signal,
          backfill: backfillFrom === undefined ? undefined : { from: backfillFrom, to: backfillTo, share },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      return exitCodes.ok;
    }
    case 'export-recordings': {
      const { values } = parseArgs({ args, options: commands[command].options, strict: true });
      checked(command, () => parseDuration(values.window, '--window'));
      const settings = readConfig();
      const { exportRecordingsCommand } = await import('./commands/export-recordings.ts');
      exitOnInterrupt('An open export job goes on in Genesys; run the same command again to pick it up.');
      await exportRecordingsCommand(settings, {
        from: values.from,
        to: values.to,
        window: values.window,
        integrationId: values['integration-id'],
        actionDate: values['action-date'],
        audioOnly: values['audio-only'],
        dryRun: values['dry-run'],
      });
      return exitCodes.ok;
    }
    case 'sandbox': {
      const { values } = parseArgs({ args, options: commands.sandbox.options, strict: true });
      const port = checked(command, () => positiveInteger(values.port, '--port', 0, 65_535));
      const { serveSandbox } = await import('./commands/sandbox.ts');
      await serveSandbox({ scenario: values.scenario, port, billingFile: values['billing-file'] });
      return exitCodes.ok;
    }
    case 'load-billing': {
      const { values, positionals } = parseArgs({
        args,
        options: commands[command].options,
        strict: true,
        allowPositionals: true,
      });
      const [path, ...extra] = positionals;
      if (path === undefined || extra.length > 0) {
        throw new UsageError(
          'load-billing takes one billing file (load-billing FILE.csv); see genesys-etl load-billing --help',
        );
      }
      const settings = readConfig();
      const { loadBillingCommand } = await import('./commands/load-billing.ts');
      await loadBillingCommand(settings, { path, build: values.build });
      return exitCodes.ok;
    }
    case 'export-billing': {
      const { values } = parseArgs({ args, options: commands[command].options, strict: true });
      const { parseExportBillingOptions, exportBillingCommand } = await import('./commands/export-billing.ts');
      const options = checked(command, () => parseExportBillingOptions(values));
      await exportBillingCommand(readConfig(), options);
      return exitCodes.ok;
    }
    case 'status': {
      const { values } = parseArgs({ args, options: commands.status.options, strict: true });
      const maxLagMs = checked(command, () => parseDuration(values['max-lag'], '--max-lag'));
      const settings = readConfig();
      const { statusCommand, printStatus } = await import('./commands/status.ts');
      const options = { json: values.json, maxLagMs };
      if (settings.warehouse.kind === 'duckdb' && !existsSync(settings.warehousePath)) {
        // Do not create an empty warehouse just to look at it.
        process.stderr.write(`genesys-etl status: no warehouse at ${settings.warehousePath} (WAREHOUSE_URI)\n`);
        return printStatus({ streams: [], lastRun: null }, options);
      }
      const { withWarehouse } = await import('./commands/shared.ts');
      if (settings.warehouse.kind === 'duckdb') {
        const [{ duckdbStatusCommand }, { statusSnapshotPath }] = await Promise.all([
          import('./commands/status.ts'),
          import('./status-snapshot.ts'),
        ]);
        return duckdbStatusCommand(
          (work) => withWarehouse(settings, (warehouse) => work(warehouse.ledger)),
          statusSnapshotPath(settings.warehousePath),
          options,
        );
      }
      return withWarehouse(settings, (warehouse) => statusCommand(warehouse.ledger, options));
    }
    case 'report': {
      const { values } = parseArgs({ args, options: commands.report.options, strict: true });
      const settings = readConfig();
      const { writeReport, unavailableSections } = await import('./commands/report.ts');
      const { path, data } = await writeReport(settings, { out: values.out });
      for (const line of unavailableSections(data)) process.stderr.write(`genesys-etl report: ${line}\n`);
      process.stdout.write(`${path}\n`);
      return exitCodes.ok;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`genesys-etl ${version()}\n`);
    return exitCodes.ok;
  }
  if (command === 'help') {
    const [topic, ...extra] = rest;
    if (topic === undefined) {
      process.stdout.write(`${usage}\n`);
      return exitCodes.ok;
    }
    if (!isCommand(topic) || extra.length > 0) {
      throw new UsageError(`help takes one command name (${commandNames.join(', ')}); see genesys-etl --help`);
    }
    process.stdout.write(`${commands[topic].help}\n`);
    return exitCodes.ok;
  }
  if (!isCommand(command)) {
    const what = command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`;
    throw new UsageError(`${what}; the commands are ${commandNames.join(', ')}; see genesys-etl --help`);
  }
  const options = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length);
  if (options.includes('--help') || options.includes('-h')) {
    process.stdout.write(`${commands[command].help}\n`);
    return exitCodes.ok;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    throw usageErrorFrom(error, command) ?? error;
  }
}

/** Prints what went wrong and returns the exit code for it. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`genesys-etl: ${error.message}\n`);
    return exitCodes.usage;
  }
  if (error instanceof InterruptedError) {
    process.stderr.write(`\n${interruptedMessage}\n`);
    return exitCodes.interrupted;
  }
  if (error instanceof LeaseHeldError) {
    process.stderr.write(`\n${error.name}: ${error.message}\n`);
    return exitCodes.leaseHeld;
  }
  if (error instanceof ConfigError || error instanceof InputFileError) {
    process.stderr.write(`\n${error.name}: ${error.message}\n`);
    return exitCodes.usage;
  }
  if (error instanceof EtlError) {
    process.stderr.write(`\n${error.name}: ${error.message}\n`);
    return exitCodes.failed;
  }
  process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.failed;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = report(error);
    // Abandoned work (an interrupted run's in-flight requests) must not keep the process alive.
    if (code === exitCodes.interrupted) process.exit(code);
    process.exitCode = code;
  },
);
