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
import { HTTP_TRANSPORTS, type GatewayOptions, type HttpTransport } from '../extract/genesys/sdk.ts';
import { defaultDuckdbResources, isDuckdbMemorySize, type DuckdbResources } from '../load/duckdb/settings.ts';
import { parseDuration } from '../contract/window.ts';
import { defaultLoadBatching, maxUrisPerJob } from '../load/bigquery/load-jobs.ts';
import type { LoadBatching } from '../load/warehouse.ts';
import { validateDetailed as validateCron } from 'node-cron';

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

/** Node's heap limits (scripts/heap-limit.ts): V8's defaults follow the machine's memory, not the container's. */
export interface HeapLimits {
  /** V8 --max-old-space-size in MiB (NODE_MAX_OLD_SPACE_MB); 0 leaves V8's default. */
  readonly maxOldSpaceMb: number;
  /** V8 --max-semi-space-size in MiB (NODE_MAX_SEMI_SPACE_MB). */
  readonly maxSemiSpaceMb: number;
}

/** Sized with DuckDB's defaults for a 1 GiB container: the pipeline's live heap is 30-60 MiB. */
export const defaultHeapLimits: HeapLimits = Object.freeze({ maxOldSpaceMb: 192, maxSemiSpaceMb: 8 });

const heapSchema = z.object({
  NODE_MAX_OLD_SPACE_MB: z.coerce
    .number()
    .int()
    .refine((mb) => mb === 0 || (mb >= 64 && mb <= 65_536), 'must be 0 (V8 default) or 64 to 65536 MiB')
    .default(defaultHeapLimits.maxOldSpaceMb),
  NODE_MAX_SEMI_SPACE_MB: z.coerce.number().int().min(1).max(256).default(defaultHeapLimits.maxSemiSpaceMb),
});

/** Schemas (BigQuery datasets) dbt builds in (macros/generate_schema_name.sql); the raw tables stay in the warehouse's own. */
export const defaultDbtSchemas = { staging: 'genesys_staging', marts: 'genesys_marts' } as const;

/** A schema or dataset name: letters, digits and underscores (BigQuery's rule for datasets). */
const schemaName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/, 'must be letters, digits and underscores');

/**
 * memory_limit and threads of the DuckDB instance `dbt build` opens (DBT_DUCKDB_MEMORY_LIMIT,
 * DBT_DUCKDB_THREADS), sized for a 1 GiB container beside dbt's own Python process (dbt build
 * over 250,000 conversations peaked at 770 MiB). The same defaults stand in models/profiles.yml.
 */
export const defaultDbtDuckdbResources: DuckdbResources = Object.freeze({ memoryLimit: '512MB', threads: 2 });

/** Every hour at :15 (node-cron syntax; a sixth leading field counts seconds). */
export const defaultScheduleCron = '15 * * * *';

const envSchema = z.object({
  ...heapSchema.shape,
  GENESYS_REGION_HOST: z.string().min(1).default('mypurecloud.ie'),
  GENESYS_CLIENT_ID: z.string().min(1).optional(),
  GENESYS_CLIENT_SECRET: z.string().min(1).optional(),
  GENESYS_EXTRA_CLIENTS: z.string().optional(),
  GENESYS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  GENESYS_GATEWAY_LOGIN_PATH: z.string().default('login'),
  GENESYS_GATEWAY_API_PATH: z.string().default('gc'),
  GENESYS_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(300),
  GENESYS_TIMEOUT_MS: z.coerce.number().int().positive().default(16_000),
  GENESYS_HTTP_TRANSPORT: z.enum(['auto', ...HTTP_TRANSPORTS]).default('auto'),
  HTTPS_PROXY: z.string().optional(),
  https_proxy: z.string().optional(),
  HTTP_PROXY: z.string().optional(),
  http_proxy: z.string().optional(),
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
  STAGE_SCRATCH_DIR: z.string().min(1).default('./data/stage-scratch'),
  WAREHOUSE_URI: z.string().default('duckdb://./data/warehouse.duckdb'),
  GCS_API_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  BIGQUERY_API_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  BIGQUERY_LOAD_BATCH_FILES: z.coerce.number().int().min(1).max(maxUrisPerJob).default(defaultLoadBatching.maxFiles),
  BIGQUERY_LOAD_BATCH_MB: z.coerce
    .number()
    .int()
    .min(1)
    .default(defaultLoadBatching.maxBytes / 1024 ** 2),
  BIGQUERY_LOAD_BATCH_AGE: z.string().default('PT15M'),
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .refine(isDuckdbMemorySize, 'must be a size such as 256MB or 1GiB')
    .default(defaultDuckdbResources.memoryLimit),
  DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).default(defaultDuckdbResources.threads),
  DUCKDB_LOAD_MEMORY_LIMIT: z
    .string()
    .refine(isDuckdbMemorySize, 'must be a size such as 48MB or 1GiB')
    .default(defaultDuckdbResources.loadMemoryLimit ?? defaultDuckdbResources.memoryLimit),
  DUCKDB_REOPEN_AFTER_MB: z.coerce
    .number()
    .int()
    .min(0)
    .default((defaultDuckdbResources.reopenAfterBytes ?? 0) / 1024 ** 2),
  DBT_DUCKDB_MEMORY_LIMIT: z
    .string()
    .refine(isDuckdbMemorySize, 'must be a size such as 512MB or 1GiB')
    .default(defaultDbtDuckdbResources.memoryLimit),
  DBT_DUCKDB_THREADS: z.coerce.number().int().min(1).max(64).default(defaultDbtDuckdbResources.threads),
  PSEUDONYMISATION_KEY: z.string().min(16, 'PSEUDONYMISATION_KEY must be at least 16 characters').optional(),
  PSEUDONYMISE: flag.default(true),
  ATTRIBUTE_ALLOWLIST: z.string().default(defaultAttributeAllowlist),
  SCREEN_COVERAGE_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.9),
  DBT_STAGING_SCHEMA: schemaName.default(defaultDbtSchemas.staging),
  DBT_MARTS_SCHEMA: schemaName.default(defaultDbtSchemas.marts),
  LEASE_TTL: z.string().default('PT10M'),
  SCHEDULE_CRON: z.string().min(1).default(defaultScheduleCron),
  SCHEDULE_TIMEZONE: z.string().min(1).default('UTC'),
  SCHEDULE_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SCHEDULE_RETRY_DELAY: z.string().default('PT1M'),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ALERT_WEBHOOK_FORMAT: z.enum(['generic', 'text']).default('generic'),
  ALERT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  ALERT_MAX_LAG: z.string().default('PT36H'),
  ALERT_COMPLIANCE_GAP_POINTS: z.coerce.number().min(0).max(100).default(10),
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
    /** GENESYS_HTTP_TRANSPORT, `auto` resolved. */
    readonly transport: HttpTransport;
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
  /** Where stage files go: a local directory, or a GCS bucket and prefix (STAGE_URI). */
  readonly stage: StageLocation;
  /** The local directory parts are written to: the stage itself (file://), or the scratch directory (gs://). */
  readonly stageDir: string;
  /** The warehouse (WAREHOUSE_URI). */
  readonly warehouse: WarehouseLocation;
  /** The DuckDB file of a duckdb:// warehouse; for a BigQuery warehouse, its URI (nothing local). */
  readonly warehousePath: string;
  /**
   * Google API endpoints instead of the production ones (GCS_API_ENDPOINT, BIGQUERY_API_ENDPOINT):
   * emulators only. When set, no credentials are looked up for that service.
   */
  readonly googleEndpoints: { readonly storage: string | undefined; readonly bigquery: string | undefined };
  /**
   * When a BigQuery warehouse loads the windows queued for it, one load job per table (BigQuery
   * allows 1,500 table modifications per table per day): BIGQUERY_LOAD_BATCH_FILES files of one
   * table, BIGQUERY_LOAD_BATCH_MB MiB, or the oldest queued window BIGQUERY_LOAD_BATCH_AGE old.
   */
  readonly bigqueryLoadBatching: LoadBatching;
  /**
   * memory_limit and threads of each DuckDB instance the pipeline opens (DUCKDB_MEMORY_LIMIT,
   * DUCKDB_THREADS), and the warehouse's memory_limit while it loads (DUCKDB_LOAD_MEMORY_LIMIT).
   */
  readonly duckdb: DuckdbResources;
  /** memory_limit and threads of dbt's DuckDB instance (DBT_DUCKDB_MEMORY_LIMIT, DBT_DUCKDB_THREADS). */
  readonly dbtDuckdb: DuckdbResources;
  /** null when pseudonymisation is explicitly disabled. */
  readonly pseudonymisationKey: string | null | undefined;
  /** Participant attribute names whose values are staged in clear (ATTRIBUTE_ALLOWLIST). */
  readonly attributeAllowlist: readonly string[];
  readonly screenCoverageThreshold: number;
  /** Node's heap limits, applied by the CLI and the bench when they start (scripts/heap-limit.ts). */
  readonly heap: HeapLimits;
  /** Where dbt builds staging (with intermediate) and the marts (DBT_STAGING_SCHEMA, DBT_MARTS_SCHEMA). */
  readonly dbtSchemas: { readonly staging: string; readonly marts: string };
  /** How long the warehouse lease lasts without renewal (LEASE_TTL); it must outlast the longest dbt build. */
  readonly leaseTtlMs: number;
  /** `genesys-etl schedule`: when ticks fire and how a failed tick is retried. */
  readonly schedule: {
    readonly cron: string;
    readonly timezone: string;
    /** Retries of a failed tick (SCHEDULE_RETRIES), after SCHEDULE_RETRY_DELAY, doubling each time. */
    readonly retries: number;
    readonly retryDelayMs: number;
  };
  readonly alerts: AlertSettings;
}

/** Where alerts go and when they fire (ALERT_*). */
export interface AlertSettings {
  /** Unset: no alerts. */
  readonly webhookUrl: string | undefined;
  /** `generic`: `text` plus an `alert` object (Slack, Teams); `text`: only `text` (Google Chat rejects unknown fields). */
  readonly format: 'generic' | 'text';
  readonly timeoutMs: number;
  /** A stream lagging more than this fires a stale-stream alert. */
  readonly maxLagMs: number;
  /** A local hour whose verified rate is more than this many percentage points below the reported rate fires. */
  readonly complianceGapPoints: number;
}

function checkCron(expression: string, timezone: string): void {
  const validation = validateCron(expression);
  if (!validation.valid) {
    const problems = validation.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    throw new ConfigError(
      `SCHEDULE_CRON="${expression}" is not a cron expression (${problems}); e.g. "15 * * * *" (every hour at :15) ` +
        'or "*/30 * * * * *" (every 30 seconds, with a leading seconds field).',
    );
  }
  if (!isValidTimeZone(timezone)) {
    throw new ConfigError(`SCHEDULE_TIMEZONE=${timezone} is not an IANA time zone (e.g. Europe/Berlin or UTC)`);
  }
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

export type StageLocation =
  | { readonly kind: 'file'; readonly dir: string }
  | { readonly kind: 'gcs'; readonly bucket: string; readonly prefix: string };

export type WarehouseLocation =
  | { readonly kind: 'duckdb'; readonly path: string }
  | { readonly kind: 'bigquery'; readonly projectId: string; readonly dataset: string; readonly location: string };

/** GCS bucket names: 3-63 characters, lowercase letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
const bucketName = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
/** Project ids (optionally domain-scoped, `example.com:project`) and dataset names. */
const projectId = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const datasetName = /^[A-Za-z0-9_]{1,1024}$/;

function parseStageUri(uri: string, cwd: string): StageLocation {
  if (uri.startsWith('file://')) return { kind: 'file', dir: resolve(cwd, uri.slice('file://'.length)) };
  if (uri.startsWith('gs://')) {
    const [bucket = '', ...rest] = uri.slice('gs://'.length).split('/');
    if (!bucketName.test(bucket)) {
      throw new ConfigError(
        `STAGE_URI=${uri}: "${bucket}" is not a GCS bucket name (3-63 lowercase letters, digits, '-', '_', '.'); ` +
          'expected gs://<bucket>/<prefix>.',
      );
    }
    const prefix = rest.filter((segment) => segment !== '').join('/');
    return { kind: 'gcs', bucket, prefix };
  }
  throw new ConfigError(`STAGE_URI must look like file://<dir> or gs://<bucket>/<prefix>, got "${uri}"`);
}

function parseWarehouseUri(uri: string, cwd: string): WarehouseLocation {
  if (uri.startsWith('duckdb://')) return { kind: 'duckdb', path: resolve(cwd, uri.slice('duckdb://'.length)) };
  if (uri.startsWith('bigquery://')) {
    const shape = 'expected bigquery://<project>/<dataset>?location=<EU|US|region>';
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      throw new ConfigError(`WAREHOUSE_URI=${uri} is not a URI; ${shape}.`);
    }
    const project = decodeURIComponent(parsed.host);
    const dataset = parsed.pathname.replace(/^\/+|\/+$/g, '');
    const location = parsed.searchParams.get('location') ?? '';
    const unknown = [...parsed.searchParams.keys()].filter((key) => key !== 'location');
    if (!projectId.test(project)) {
      throw new ConfigError(`WAREHOUSE_URI=${uri}: "${project}" is not a Google Cloud project id; ${shape}.`);
    }
    if (!datasetName.test(dataset)) {
      throw new ConfigError(
        `WAREHOUSE_URI=${uri}: "${dataset}" is not a BigQuery dataset name (letters, digits, underscores); ${shape}.`,
      );
    }
    if (location === '') {
      throw new ConfigError(
        `WAREHOUSE_URI=${uri}: the dataset location is required (where data and jobs live); ${shape}.`,
      );
    }
    if (unknown.length > 0) {
      throw new ConfigError(`WAREHOUSE_URI=${uri}: unknown parameter ${unknown.join(', ')}; ${shape}.`);
    }
    return { kind: 'bigquery', projectId: project, dataset, location };
  }
  throw new ConfigError(
    `WAREHOUSE_URI must look like duckdb://path/to/file.duckdb or bigquery://<project>/<dataset>?location=EU, got "${uri}"`,
  );
}

/** The warehouse reads what the stage wrote: DuckDB a local directory, BigQuery a bucket. */
function checkPairing(
  stage: StageLocation,
  warehouse: WarehouseLocation,
  stageUri: string,
  warehouseUri: string,
): void {
  if (warehouse.kind === 'duckdb' && stage.kind === 'gcs') {
    throw new ConfigError(
      `WAREHOUSE_URI=${warehouseUri} (DuckDB) loads stage files from a local directory, but STAGE_URI=${stageUri} is a ` +
        'GCS bucket. Use STAGE_URI=file://<dir> with DuckDB, or WAREHOUSE_URI=bigquery://… with a gs:// stage.',
    );
  }
  if (warehouse.kind === 'bigquery' && stage.kind === 'file') {
    throw new ConfigError(
      `WAREHOUSE_URI=${warehouseUri} (BigQuery) loads stage files from GCS, but STAGE_URI=${stageUri} is a local ` +
        'directory. Use STAGE_URI=gs://<bucket>/<prefix> with BigQuery.',
    );
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `auto`: the lean transport, unless a proxy is configured (only the SDK's own axios client
 * honours HTTP(S)_PROXY).
 */
function httpTransport(e: {
  GENESYS_HTTP_TRANSPORT: 'auto' | HttpTransport;
  HTTPS_PROXY?: string | undefined;
  https_proxy?: string | undefined;
  HTTP_PROXY?: string | undefined;
  http_proxy?: string | undefined;
}): HttpTransport {
  if (e.GENESYS_HTTP_TRANSPORT !== 'auto') return e.GENESYS_HTTP_TRANSPORT;
  const proxy = [e.HTTPS_PROXY, e.https_proxy, e.HTTP_PROXY, e.http_proxy].some((v) => v !== undefined && v !== '');
  return proxy ? 'sdk' : 'lean';
}

/** Loads `.env` (when present) into the environment, without overriding variables already set. */
export function loadDotEnv(cwd: string): void {
  const path = resolve(cwd, '.env');
  if (existsSync(path)) process.loadEnvFile(path);
}

function invalidConfiguration(error: z.ZodError): ConfigError {
  const problems = error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  return new ConfigError(`Invalid configuration (see .env.example):\n${problems}`);
}

/** The heap limits alone: read before anything else, because applying them means relaunching Node. */
export function parseHeapLimits(env: Readonly<Record<string, string | undefined>>): HeapLimits {
  const parsed = heapSchema.safeParse(env);
  if (!parsed.success) {
    throw invalidConfiguration(parsed.error);
  }
  return heapLimitsOf(parsed.data);
}

const heapLimitsOf = (e: z.infer<typeof heapSchema>): HeapLimits =>
  Object.freeze({ maxOldSpaceMb: e.NODE_MAX_OLD_SPACE_MB, maxSemiSpaceMb: e.NODE_MAX_SEMI_SPACE_MB });

export function parseConfig(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw invalidConfiguration(parsed.error);
  }
  const e = parsed.data;
  const stage = parseStageUri(e.STAGE_URI, cwd);
  const warehouse = parseWarehouseUri(e.WAREHOUSE_URI, cwd);
  checkPairing(stage, warehouse, e.STAGE_URI, e.WAREHOUSE_URI);
  checkCron(e.SCHEDULE_CRON, e.SCHEDULE_TIMEZONE);
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
      transport: httpTransport(e),
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
    stage: Object.freeze(stage),
    stageDir: stage.kind === 'file' ? stage.dir : resolve(cwd, e.STAGE_SCRATCH_DIR),
    warehouse: Object.freeze(warehouse),
    warehousePath: warehouse.kind === 'duckdb' ? warehouse.path : e.WAREHOUSE_URI,
    googleEndpoints: Object.freeze({ storage: e.GCS_API_ENDPOINT, bigquery: e.BIGQUERY_API_ENDPOINT }),
    bigqueryLoadBatching: Object.freeze({
      maxFiles: e.BIGQUERY_LOAD_BATCH_FILES,
      maxBytes: e.BIGQUERY_LOAD_BATCH_MB * 1024 ** 2,
      maxAgeMs: parseDuration(e.BIGQUERY_LOAD_BATCH_AGE, 'BIGQUERY_LOAD_BATCH_AGE'),
    }),
    duckdb: Object.freeze({
      memoryLimit: e.DUCKDB_MEMORY_LIMIT,
      threads: e.DUCKDB_THREADS,
      loadMemoryLimit: e.DUCKDB_LOAD_MEMORY_LIMIT,
      reopenAfterBytes: e.DUCKDB_REOPEN_AFTER_MB * 1024 ** 2,
    }),
    dbtDuckdb: Object.freeze({ memoryLimit: e.DBT_DUCKDB_MEMORY_LIMIT, threads: e.DBT_DUCKDB_THREADS }),
    pseudonymisationKey: e.PSEUDONYMISE ? e.PSEUDONYMISATION_KEY : null,
    attributeAllowlist: e.ATTRIBUTE_ALLOWLIST.split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    screenCoverageThreshold: e.SCREEN_COVERAGE_THRESHOLD,
    heap: heapLimitsOf(e),
    dbtSchemas: Object.freeze({ staging: e.DBT_STAGING_SCHEMA, marts: e.DBT_MARTS_SCHEMA }),
    leaseTtlMs: parseDuration(e.LEASE_TTL, 'LEASE_TTL'),
    schedule: Object.freeze({
      cron: e.SCHEDULE_CRON,
      timezone: e.SCHEDULE_TIMEZONE,
      retries: e.SCHEDULE_RETRIES,
      retryDelayMs: parseDuration(e.SCHEDULE_RETRY_DELAY, 'SCHEDULE_RETRY_DELAY'),
    }),
    alerts: Object.freeze({
      webhookUrl: e.ALERT_WEBHOOK_URL,
      format: e.ALERT_WEBHOOK_FORMAT,
      timeoutMs: e.ALERT_WEBHOOK_TIMEOUT_MS,
      maxLagMs: parseDuration(e.ALERT_MAX_LAG, 'ALERT_MAX_LAG'),
      complianceGapPoints: e.ALERT_COMPLIANCE_GAP_POINTS,
    }),
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
