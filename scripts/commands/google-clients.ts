/**
 * The Google Cloud clients of the production path. In production they authenticate through
 * Application Default Credentials (the Cloud Run / Composer service account, or
 * `gcloud auth application-default login`): no key files. With GCS_API_ENDPOINT or
 * BIGQUERY_API_ENDPOINT set (the emulators in tests), that client talks to the endpoint and no
 * credentials are looked up: Storage sends none to a custom endpoint, and BigQuery gets a fixed
 * offline token (it would otherwise try ADC and the metadata server).
 */
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import type { Config } from '../config.ts';

const offlineAuthClient = (): OAuth2Client => {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'emulator', expiry_date: Date.now() + 7 * 24 * 3_600_000 });
  return client;
};

export function storageClient(config: Config): Storage {
  const endpoint = config.googleEndpoints.storage;
  const projectId = config.warehouse.kind === 'bigquery' ? config.warehouse.projectId : undefined;
  return new Storage({
    ...(projectId === undefined ? {} : { projectId }),
    ...(endpoint === undefined ? {} : { apiEndpoint: endpoint }),
  });
}

export function bigqueryClient(config: Config, projectId: string, location: string): BigQuery {
  const endpoint = config.googleEndpoints.bigquery;
  return new BigQuery({
    projectId,
    location,
    ...(endpoint === undefined ? {} : { apiEndpoint: endpoint, authClient: offlineAuthClient() }),
  });
}
