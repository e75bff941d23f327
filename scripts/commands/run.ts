/** `genesys-etl run` and `backfill`: extract → stage → load for [from, to) in windows, then dbt build. */
import { ConfigError } from '../../extract/errors.ts';
import { planWindows } from '../../extract/window.ts';
import { requireCredentials, requirePseudonymisationKey, type Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { buildModels, clientFor, extractAndLoad } from './shared.ts';

/** Parses the ISO-8601 durations windows use: PnD, PTnH, PTnM. */
export function parseDuration(value: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  const [, days = '0', hours = '0', minutes = '0'] = match ?? [];
  const ms = (Number(days) * 24 * 60 + Number(hours) * 60 + Number(minutes)) * 60_000;
  if (match === null || ms <= 0)
    throw new ConfigError(`--window must be an ISO-8601 duration such as P1D or PT6H, got "${value}"`);
  return ms;
}

export async function run(
  config: Config,
  options: { command: 'run' | 'backfill'; from: string; to: string; window: string; skipDbt: boolean },
): Promise<void> {
  const credentials = requireCredentials(config);
  const key = requirePseudonymisationKey(config);
  const windows = planWindows(options.from, options.to, parseDuration(options.window));
  const progress = createProgress();
  await extractAndLoad(config, {
    command: options.command,
    client: clientFor(config, credentials, progress),
    windows,
    pseudonymisationKey: key,
    progress,
  });
  if (!options.skipDbt) await buildModels(config, progress);
}
