/**
 * The GCS and BigQuery emulators for integration tests: fake-gcs-server and goccy's
 * bigquery-emulator, built once (tools/emulators.ts, cached under $HOME) and started on free
 * loopback ports; the real Node clients reach them through `apiEndpoint`, BigQuery with an
 * offline auth client (no credentials are ever looked up). Stopped after the test.
 */
import type { TestContext } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { bigqueryEmulator, ensureEmulator, fakeGcsServer } from '../../tools/emulators.ts';

export const emulatorProject = 'test-project';

export interface Emulators {
  readonly gcsUrl: string;
  readonly bigqueryUrl: string;
  readonly projectId: string;
  storage(): Storage;
  bigquery(): BigQuery;
  /** Environment for a CLI child process that should use these emulators. */
  env(): Record<string, string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor(url: string, child: ChildProcess, name: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not answer ${url} within 60 s:\n${output()}`);
}

function start(
  binary: string,
  args: readonly string[],
  env: Record<string, string>,
): {
  child: ChildProcess;
  output: () => string;
} {
  const child = spawn(binary, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: 'pipe' });
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString()).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => text };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** An auth client that never leaves the machine: a fixed token that does not expire during a test. */
export function offlineAuthClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'emulator', expiry_date: Date.now() + 24 * 3_600_000 });
  return client;
}

export interface FakeGcs {
  readonly url: string;
  storage(): Storage;
}

/** Starts fake-gcs-server (in memory) on a free loopback port; stops it after the test. */
export async function startFakeGcs(t: TestContext): Promise<FakeGcs> {
  const binary = ensureEmulator(fakeGcsServer);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const gcs = start(
    binary,
    ['-scheme', 'http', '-host', '127.0.0.1', '-port', String(port), '-backend', 'memory'].concat(
      // Resumable-upload Location headers must point back here, not at 0.0.0.0.
      ['-external-url', url, '-public-host', `127.0.0.1:${port}`, '-log-level', 'warn'],
    ),
    {},
  );
  t.after(() => stop(gcs.child));
  await waitFor(`${url}/_internal/healthcheck`, gcs.child, 'fake-gcs-server', gcs.output);
  return { url, storage: () => new Storage({ apiEndpoint: url, projectId: emulatorProject }) };
}

/** Starts both emulators (BigQuery loads `gs://` objects from the GCS one); stops them after the test. */
export async function startEmulators(t: TestContext): Promise<Emulators> {
  const bigqueryBinary = ensureEmulator(bigqueryEmulator);
  const gcs = await startFakeGcs(t);
  const gcsUrl = gcs.url;
  // A free port can be taken by another process before the emulator binds it (other tests start
  // servers too): start again on fresh ports when that happens.
  for (let attempt = 1; ; attempt += 1) {
    const bigqueryPort = await freePort();
    const grpcPort = await freePort();
    const bigqueryUrl = `http://127.0.0.1:${bigqueryPort}`;
    const bq = start(
      bigqueryBinary,
      [
        `--project=${emulatorProject}`,
        `--host=127.0.0.1`,
        `--port=${bigqueryPort}`,
        `--grpc-port=${grpcPort}`,
        '--log-level=warn',
      ],
      // Only the emulator process learns where GCS is (it appends /storage/v1 itself).
      { STORAGE_EMULATOR_HOST: gcsUrl },
    );
    t.after(() => stop(bq.child));
    try {
      await waitFor(
        `${bigqueryUrl}/bigquery/v2/projects/${emulatorProject}/datasets`,
        bq.child,
        'bigquery-emulator',
        bq.output,
      );
    } catch (error) {
      if (attempt < 3 && bq.output().includes('address already in use')) continue;
      throw error;
    }
    return emulatorsAt(gcs, bigqueryUrl);
  }
}

function emulatorsAt(gcs: FakeGcs, bigqueryUrl: string): Emulators {
  const gcsUrl = gcs.url;
  return {
    gcsUrl,
    bigqueryUrl,
    projectId: emulatorProject,
    storage: () => gcs.storage(),
    bigquery: () =>
      new BigQuery({ apiEndpoint: bigqueryUrl, projectId: emulatorProject, authClient: offlineAuthClient() }),
    env: () => ({
      GCS_API_ENDPOINT: gcsUrl,
      BIGQUERY_API_ENDPOINT: bigqueryUrl,
      METADATA_SERVER_DETECTION: 'none',
    }),
  };
}
