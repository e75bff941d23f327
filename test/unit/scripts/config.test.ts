import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../contract/errors.ts';
import {
  parseConfig,
  parseHeapLimits,
  requireCredentials,
  requirePseudonymisationKey,
} from '../../../scripts/config.ts';
import { parseDuration } from '../../../contract/window.ts';

test('defaults give the embedded DuckDB warehouse and the EU1 region', () => {
  const config = parseConfig({}, '/srv/etl');
  assert.equal(config.warehousePath, '/srv/etl/data/warehouse.duckdb');
  assert.equal(config.stageDir, '/srv/etl/data/stage');
  assert.equal(config.genesys.regionHost, 'mypurecloud.ie');
  assert.equal(config.genesys.requestsPerMinute, 300);
  assert.equal(config.genesys.gateway, undefined);
});

test('a gateway URL becomes SDK gateway options', () => {
  const config = parseConfig({ GENESYS_GATEWAY_URL: 'http://127.0.0.1:8080' });
  assert.deepEqual(config.genesys.gateway, {
    host: '127.0.0.1',
    protocol: 'http',
    port: 8080,
    loginPath: 'login',
    apiPath: 'gc',
  });
});

test('broken values are reported by name', () => {
  assert.throws(
    () => parseConfig({ GENESYS_REQUESTS_PER_MINUTE: 'lots' }),
    (e: unknown) => e instanceof ConfigError && e.message.includes('GENESYS_REQUESTS_PER_MINUTE'),
  );
  assert.throws(() => parseConfig({ ORG_TIMEZONE: 'Mars/Olympus' }), /ORG_TIMEZONE/);
  assert.throws(() => parseConfig({ WAREHOUSE_URI: 'postgres://x' }), /WAREHOUSE_URI/);
  // A gs:// stage needs a BigQuery warehouse, and a BigQuery warehouse a gs:// stage.
  assert.throws(() => parseConfig({ STAGE_URI: 'gs://bucket/prefix' }), /DuckDB\) loads stage files from a local/);
  assert.throws(
    () => parseConfig({ WAREHOUSE_URI: 'bigquery://my-project/raw?location=EU' }),
    /BigQuery\) loads stage files from GCS/,
  );
  assert.throws(() => parseConfig({ PSEUDONYMISATION_KEY: 'short' }), /at least 16/);
});

test('dbt builds staging and marts in their own schemas, named by DBT_STAGING_SCHEMA and DBT_MARTS_SCHEMA', () => {
  assert.deepEqual(parseConfig({}).dbtSchemas, { staging: 'genesys_staging', marts: 'genesys_marts' });
  assert.deepEqual(parseConfig({ DBT_STAGING_SCHEMA: 'cc_staging', DBT_MARTS_SCHEMA: 'cc_marts' }).dbtSchemas, {
    staging: 'cc_staging',
    marts: 'cc_marts',
  });
  // The names go into SQL (the demo's summary) unquoted: only identifiers are accepted.
  assert.throws(() => parseConfig({ DBT_MARTS_SCHEMA: 'marts; drop table x' }), /DBT_MARTS_SCHEMA/);
  assert.throws(() => parseConfig({ DBT_STAGING_SCHEMA: '1staging' }), /DBT_STAGING_SCHEMA/);
});

test('missing credentials and key fail with instructions; PSEUDONYMISE=false disables hashing', () => {
  assert.throws(() => requireCredentials(parseConfig({})), /GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET/);
  assert.throws(() => requirePseudonymisationKey(parseConfig({})), /PSEUDONYMISATION_KEY/);
  assert.equal(requirePseudonymisationKey(parseConfig({ PSEUDONYMISE: 'false' })), null);
});

test('window durations', () => {
  assert.equal(parseDuration('P1D'), 86_400_000);
  assert.equal(parseDuration('PT6H'), 21_600_000);
  assert.throws(() => parseDuration('1 day'), /ISO-8601 duration/);
  assert.throws(() => parseDuration('P0D'), ConfigError);
});

test('extra OAuth clients are parsed as id:secret pairs and follow the main one', () => {
  const config = parseConfig({
    GENESYS_CLIENT_ID: 'main',
    GENESYS_CLIENT_SECRET: 's0',
    GENESYS_EXTRA_CLIENTS: 'second:s1, third:s:2',
  });
  assert.deepEqual(requireCredentials(config), [
    { clientId: 'main', clientSecret: 's0' },
    { clientId: 'second', clientSecret: 's1' },
    { clientId: 'third', clientSecret: 's:2' },
  ]);
  assert.throws(() => parseConfig({ GENESYS_EXTRA_CLIENTS: 'no-secret' }), /GENESYS_EXTRA_CLIENTS entry 1/);
});

test('ATTRIBUTE_ALLOWLIST defaults to the attributes the dbt models read, and can be replaced', () => {
  const project = readFileSync(new URL('../../../models/dbt_project.yml', import.meta.url), 'utf8');
  const dbtVars = ['data_action_result_attribute', 'data_action_http_status_attribute'].map(
    (name) => new RegExp(`^\\s*${name}:\\s*'([^']+)'`, 'm').exec(project)?.[1],
  );
  assert.deepEqual(parseConfig({}).attributeAllowlist, dbtVars);
  assert.deepEqual(parseConfig({ ATTRIBUTE_ALLOWLIST: ' A, B ,,' }).attributeAllowlist, ['A', 'B']);
  assert.deepEqual(parseConfig({ ATTRIBUTE_ALLOWLIST: '' }).attributeAllowlist, []);
});

test('Node heap limits: defaults, 0 for V8 default, and bad values reported by name', () => {
  assert.deepEqual(parseHeapLimits({}), { maxOldSpaceMb: 192, maxSemiSpaceMb: 8 });
  assert.deepEqual(parseConfig({}).heap, parseHeapLimits({}));
  assert.deepEqual(parseHeapLimits({ NODE_MAX_OLD_SPACE_MB: '0', NODE_MAX_SEMI_SPACE_MB: '16' }), {
    maxOldSpaceMb: 0,
    maxSemiSpaceMb: 16,
  });
  assert.throws(() => parseHeapLimits({ NODE_MAX_OLD_SPACE_MB: '32' }), /NODE_MAX_OLD_SPACE_MB/);
  assert.throws(() => parseHeapLimits({ NODE_MAX_OLD_SPACE_MB: 'lots' }), /NODE_MAX_OLD_SPACE_MB/);
  assert.throws(() => parseConfig({ NODE_MAX_SEMI_SPACE_MB: '0' }), /NODE_MAX_SEMI_SPACE_MB/);
});

test('gs:// and bigquery:// URIs select the production path, with clear errors for malformed ones', () => {
  const production = {
    STAGE_URI: 'gs://my-bucket/genesys/stage/',
    WAREHOUSE_URI: 'bigquery://my-project/genesys_raw?location=EU',
  };
  const config = parseConfig(production, '/work');
  assert.deepEqual(config.stage, { kind: 'gcs', bucket: 'my-bucket', prefix: 'genesys/stage' });
  assert.deepEqual(config.warehouse, {
    kind: 'bigquery',
    projectId: 'my-project',
    dataset: 'genesys_raw',
    location: 'EU',
  });
  assert.equal(config.stageDir, '/work/data/stage-scratch');
  assert.deepEqual(config.googleEndpoints, { storage: undefined, bigquery: undefined });
  assert.deepEqual(parseConfig({ ...production, STAGE_URI: 'gs://my-bucket' }).stage, {
    kind: 'gcs',
    bucket: 'my-bucket',
    prefix: '',
  });
  assert.throws(() => parseConfig({ ...production, STAGE_URI: 'gs://My_Bucket!/x' }), /not a GCS bucket name/);
  assert.throws(
    () => parseConfig({ ...production, WAREHOUSE_URI: 'bigquery://my-project/genesys_raw' }),
    /location is required/,
  );
  assert.throws(
    () => parseConfig({ ...production, WAREHOUSE_URI: 'bigquery://my-project/genesys-raw?location=EU' }),
    /not a BigQuery dataset name/,
  );
  assert.throws(
    () => parseConfig({ ...production, WAREHOUSE_URI: 'bigquery://P/genesys_raw?location=EU' }),
    /not a Google Cloud project id/,
  );
  assert.throws(
    () => parseConfig({ ...production, WAREHOUSE_URI: 'bigquery://my-project/genesys_raw?location=EU&x=1' }),
    /unknown parameter x/,
  );
  assert.throws(() => parseConfig({ ...production, BIGQUERY_API_ENDPOINT: 'not a url' }), /BIGQUERY_API_ENDPOINT/);
});
