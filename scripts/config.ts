/**
 * Configuration, read once at the edge from environment variables (and a `.env` file).
 * Everything below scripts/ receives the typed, frozen result; nothing else reads process.env.
 * `.env.example` documents every variable.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../contract/errors.ts';
import type { GatewayOptions } from '../extract/genesys/sdk.ts';
import { defaultDuckdbResources, isDuckdbMemorySize, type DuckdbResources } from '../load/duckdb/settings.ts';
import { parseDuration } from '../contract/window.ts';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Participant attributes whose values stay in clear (every other value is hashed: Architect
 * flows write customer data into attributes). The default keeps what the dbt models read: the
 * data-action result and HTTP status (vars data_action_result_attribute and
 * data_action_http_status_attribute in models/dbt_project.yml).
 */
export const defaultAttributeAllowlist = 'ScreenPop_ScreenRec_Result,ScreenPop_ScreenRec_HttpStatus';

/**
 * memory_limit and threads of the DuckDB instance `dbt build` opens (DBT_DUCKDB_MEMORY_LIMIT,
 * DBT_DUCKDB_THREADS), sized for a 1 GiB container beside dbt's own Python process (dbt build
 * over 250,000 conversations peaked at 770 MiB). The same defaults stand in models/profiles.yml.
 */
export const defaultDbtDuckdbResources: DuckdbResources = Object.freeze({ memoryLimit: '512MB', threads: 2 });

const envSchema = z.object({
  GENESYS_REGION_HOST: z.string().min(1).default('mypurecloud.ie'),
  GENESYS_CLIENT_ID: z.string().min(1).optional(),
  GENESYS_CLIENT_SECRET: z.string().min(1).optional(),
  GENESYS_EXTRA_CLIENTS: z.string().optional(),
  GENESYS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  GENESYS_GATEWAY_LOGIN_PATH: z.string().default('login'),
  GENESYS_GATEWAY_API_PATH: z.string().default('gc'),
  GENESYS_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(300),
  GENESYS_TIMEOUT_MS: z.coerce.number().int().positive().default(16_000),
  GENESYS_RECORDING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  GENESYS_JOB_POLL_MS: z.coerce.number().int().min(10).default(2_000),
  GENESYS_JOB_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  GENESYS_RETENTION_THRESHOLD_DAYS: z.coerce.number().int().min(0).default(0),
  GENESYS_RETENTION_SWEEP_EVERY: z.string().default('P7D'),
  GENESYS_ORG_AUDIT_SERVICES: z.string().default('Quality,Integrations'),
  GENESYS_AUDIT_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(500),
  GENESYS_JOB_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  EXTRACT_LOOKBACK: z.string().default('P2D'),
  ORG_TIMEZONE: z.string().default('Europe/Berlin'),
  STAGE_URI: z.string().default('file://./data/stage'),
  WAREHOUSE_URI: z.string().default('duckdb://./data/warehouse.duckdb'),
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .refine(isDuckdbMemorySize, 'must be a size such as 256MB or 1GiB')
    .default(defaultDuckdbResources.memoryLimit),
  DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).default(defaultDuckdbResources.threads),
  DBT_DUCKDB_MEMORY_LIMIT: z
    .string()
    .refine(isDuckdbMemorySize, 'must be a size such as 512MB or 1GiB')
    .default(defaultDbtDuckdbResources.memoryLimit),
  DBT_DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).default(defaultDbtDuckdbResources.threads),
  PSEUDONYMISATION_KEY: z.string().min(16, 'PSEUDONYMISATION_KEY must be at least 16 characters').optional(),
  PSEUDONYMISE: flag.default(true),
  ATTRIBUTE_ALLOWLIST: z.string().default(defaultAttributeAllowlist),
  SCREEN_COVERAGE_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.9),
});

export interface Config {
  readonly genesys: {
    readonly regionHost: string;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    /** Further OAuth clients of the same org; each brings its own request budget. */
    readonly extraClients: readonly { clientId: string; clientSecret: string }[];
    readonly gateway: GatewayOptions | undefined;
    readonly requestsPerMinute: number;
    readonly timeoutMs: number;
    readonly recordingConcurrency: number;
    readonly jobPollMs: number;
    readonly jobTimeoutMs: number;
    readonly jobPageSize: number;
    /** `retentionThresholdDays` of the recording retention query (0: every recording). */
    readonly retentionThresholdDays: number;
    /** How often `run` sweeps the retention query, which lists every recording (GENESYS_RETENTION_SWEEP_EVERY). */
    readonly retentionSweepEveryMs: number;
    /** Org audit services whose events are extracted (policy and integration changes). */
    readonly orgAuditServices: readonly string[];
    readonly auditPageSize: number;
  };
  readonly orgTimezone: string;
  /** How far `run` goes back before the last completed window (EXTRACT_LOOKBACK; analytics data changes for 48 h). */
  readonly lookbackMs: number;
  readonly stageDir: string;
  readonly warehousePath: string;
  /** memory_limit and threads of each DuckDB instance the pipeline opens (DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS). */
  readonly duckdb: DuckdbResources;
  /** memory_limit and threads of dbt's DuckDB instance (DBT_DUCKDB_MEMORY_LIMIT, DBT_DUCKDB_THREADS). */
  readonly dbtDuckdb: DuckdbResources;
  /** null when pseudonymisation is explicitly disabled. */
  readonly pseudonymisationKey: string | null | undefined;
  /** Participant attribute names whose values are staged in clear (ATTRIBUTE_ALLOWLIST). */
  readonly attributeAllowlist: readonly string[];
  readonly screenCoverageThreshold: number;
}

function parseGateway(url: string | undefined, loginPath: string, apiPath: string): GatewayOptions | undefined {
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    protocol: parsed.protocol === 'http:' ? 'http' : 'https',
    port: parsed.port === '' ? undefined : Number(parsed.port),
    loginPath,
    apiPath,
  };
}

function parseExtraClients(value: string | undefined): { clientId: string; clientSecret: string }[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((pair, index) => {
    const separator = pair.indexOf(':');
    if (separator <= 0 || separator === pair.length - 1) {
      throw new ConfigError(
        `GENESYS_EXTRA_CLIENTS entry ${index + 1} must look like clientId:clientSecret (pairs separated by commas)`,
      );
    }
    return { clientId: pair.slice(0, separator).trim(), clientSecret: pair.slice(separator + 1).trim() };
  });
}

function parseStageUri(uri: string, cwd: string): string {
  if (uri.startsWith('file://')) return resolve(cwd, uri.slice('file://'.length));
  if (uri.startsWith('gs://')) {
    throw new ConfigError(`STAGE_URI=${uri}: staging to GCS is not available in this version yet; use file://<dir>.`);
  }
  throw new ConfigError(`STAGE_URI must start with file:// (or later gs://), got "${uri}"`);
}

function parseWarehouseUri(uri: string, cwd: string): string {
  if (uri.startsWith('duckdb://')) return resolve(cwd, uri.slice('duckdb://'.length));
  if (uri.startsWith('bigquery://')) {
    throw new ConfigError(
      `WAREHOUSE_URI=${uri}: the BigQuery warehouse is not available in this version yet; use duckdb://<file>.`,
    );
  }
  throw new ConfigError(`WAREHOUSE_URI must look like duckdb://path/to/file.duckdb, got "${uri}"`);
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Loads `.env` (when present) into the environment, without overriding variables already set. */
export function loadDotEnv(cwd: string): void {
  const path = resolve(cwd, '.env');
  if (existsSync(path)) process.loadEnvFile(path);
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`Invalid configuration (see .env.example):\n${problems}`);
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.ORG_TIMEZONE)) {
    throw new ConfigError(`ORG_TIMEZONE=${e.ORG_TIMEZONE} is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  return Object.freeze({
    genesys: Object.freeze({
      regionHost: e.GENESYS_REGION_HOST,
      clientId: e.GENESYS_CLIENT_ID,
      clientSecret: e.GENESYS_CLIENT_SECRET,
      extraClients: parseExtraClients(e.GENESYS_EXTRA_CLIENTS),
      gateway: parseGateway(e.GENESYS_GATEWAY_URL, e.GENESYS_GATEWAY_LOGIN_PATH, e.GENESYS_GATEWAY_API_PATH),
      requestsPerMinute: e.GENESYS_REQUESTS_PER_MINUTE,
      timeoutMs: e.GENESYS_TIMEOUT_MS,
      recordingConcurrency: e.GENESYS_RECORDING_CONCURRENCY,
      jobPollMs: e.GENESYS_JOB_POLL_MS,
      jobTimeoutMs: e.GENESYS_JOB_TIMEOUT_MS,
      jobPageSize: e.GENESYS_JOB_PAGE_SIZE,
      retentionThresholdDays: e.GENESYS_RETENTION_THRESHOLD_DAYS,
      retentionSweepEveryMs: parseDuration(e.GENESYS_RETENTION_SWEEP_EVERY, 'GENESYS_RETENTION_SWEEP_EVERY'),
      orgAuditServices: e.GENESYS_ORG_AUDIT_SERVICES.split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
      auditPageSize: e.GENESYS_AUDIT_PAGE_SIZE,
    }),
    orgTimezone: e.ORG_TIMEZONE,
    lookbackMs: parseDuration(e.EXTRACT_LOOKBACK, 'EXTRACT_LOOKBACK'),
    stageDir: parseStageUri(e.STAGE_URI, cwd),
    warehousePath: parseWarehouseUri(e.WAREHOUSE_URI, cwd),
    duckdb: Object.freeze({ memoryLimit: e.DUCKDB_MEMORY_LIMIT, threads: e.DUCKDB_THREADS }),
    dbtDuckdb: Object.freeze({ memoryLimit: e.DBT_DUCKDB_MEMORY_LIMIT, threads: e.DBT_DUCKDB_THREADS }),
    pseudonymisationKey: e.PSEUDONYMISE ? e.PSEUDONYMISATION_KEY : null,
    attributeAllowlist: e.ATTRIBUTE_ALLOWLIST.split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    screenCoverageThreshold: e.SCREEN_COVERAGE_THRESHOLD,
  });
}

/** Credentials are only needed by commands that talk to Genesys; they fail here with a clear message. */
export function requireCredentials(
  config: Config,
): [{ clientId: string; clientSecret: string }, ...{ clientId: string; clientSecret: string }[]] {
  const { clientId, clientSecret } = config.genesys;
  if (clientId === undefined || clientSecret === undefined) {
    throw new ConfigError(
      'GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET must be set (an OAuth client with the Client Credentials grant). ' +
        'To try the project without credentials, run `npm start` (the bundled sandbox).',
    );
  }
  return [{ clientId, clientSecret }, ...config.genesys.extraClients];
}

export function requirePseudonymisationKey(config: Config): string | null {
  if (config.pseudonymisationKey === undefined) {
    throw new ConfigError(
      'PSEUDONYMISATION_KEY must be set (a secret of at least 16 characters; ANI, DNIS, e-mail addresses and names ' +
        'are hashed with it before staging), or set PSEUDONYMISE=false to stage them in clear.',
    );
  }
  return config.pseudonymisationKey;
}

export const projectRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
