/**
 * Sandbox set-up for the sandbox integration tests: a sandbox started from a scenario (with
 * overrides), the SDK pointed at it and logged in, closed afterwards.
 *
 * - `useSandbox(setup)` registers node:test `before`/`after` hooks in the enclosing suite and
 *   returns a fixture whose properties can be read once `before` has run (inside `it` or a later
 *   `before`).
 * - `withSandbox(setup, body)` does the same around one function, for tests that need a sandbox
 *   of their own.
 */
import { after, before } from 'node:test';
import { loadScenario, parseScenario, startSandbox } from '../../../../sandbox/index.ts';
import type { Sandbox, Scenario, ScenarioInput } from '../../../../sandbox/index.ts';
import { sdkFor } from './sdk.ts';
import type { Sdk } from './sdk.ts';

export interface SandboxSetup {
  /** A scenario name or path (as for loadScenario), or a scenario. */
  readonly scenario: string | Scenario;
  /** Top-level scenario fields that replace the scenario's own (a shallow merge), then validated again. */
  readonly overrides?: Partial<ScenarioInput>;
  /** The sandbox clock (epoch ms); Date.now when absent. */
  readonly clock?: () => number;
  /** Log the SDK in before handing it out (default true). */
  readonly login?: boolean;
  /** The SDK's request timeout in ms, set before logging in (the SDK defaults to 16 000). */
  readonly sdkTimeoutMs?: number;
}

export interface SandboxFixture {
  readonly sandbox: Sandbox;
  /** The scenario the sandbox serves, overrides applied. */
  readonly scenario: Scenario;
  /** The SDK pointed at the sandbox, logged in unless `login: false`. */
  readonly sdk: Sdk;
}

/** `small` is short for `{ scenario: 'small' }`. */
export type SandboxSetupArg = string | SandboxSetup;

function normalise(setup: SandboxSetupArg): SandboxSetup {
  return typeof setup === 'string' ? { scenario: setup } : setup;
}

async function resolveScenario(setup: SandboxSetup): Promise<Scenario> {
  const base = typeof setup.scenario === 'string' ? await loadScenario(setup.scenario) : setup.scenario;
  return setup.overrides === undefined ? base : parseScenario({ ...base, ...setup.overrides });
}

/** Starts a sandbox as `setup` says; the caller closes it. */
export async function openSandbox(setupArg: SandboxSetupArg): Promise<SandboxFixture> {
  const setup = normalise(setupArg);
  const scenario = await resolveScenario(setup);
  const sandbox = await startSandbox({ scenario, ...(setup.clock === undefined ? {} : { clock: setup.clock }) });
  try {
    const sdk = sdkFor(sandbox);
    // The SDK's typings do not declare `timeout`.
    if (setup.sdkTimeoutMs !== undefined) (sdk.client as unknown as { timeout: number }).timeout = setup.sdkTimeoutMs;
    if (setup.login !== false) await sdk.login();
    return { sandbox, scenario, sdk };
  } catch (error: unknown) {
    await sandbox.close();
    throw error;
  }
}

/** Runs `body` against a sandbox of its own and closes the sandbox afterwards, also on failure. */
export async function withSandbox<T>(
  setup: SandboxSetupArg,
  body: (fixture: SandboxFixture) => Promise<T>,
): Promise<T> {
  const fixture = await openSandbox(setup);
  try {
    return await body(fixture);
  } finally {
    await fixture.sandbox.close();
  }
}

/**
 * Registers `before` (start the sandbox, build and log in the SDK) and `after` (close it) in the
 * current suite. The returned fixture's properties throw if read before `before` has run.
 */
export function useSandbox(setup: SandboxSetupArg): SandboxFixture {
  let current: SandboxFixture | undefined;
  before(async () => {
    current = await openSandbox(setup);
  });
  after(async () => {
    await current?.sandbox.close();
    current = undefined;
  });
  const ready = (): SandboxFixture => {
    if (current === undefined) throw new Error('useSandbox: the sandbox is only available once `before` has run');
    return current;
  };
  return {
    get sandbox() {
      return ready().sandbox;
    },
    get scenario() {
      return ready().scenario;
    },
    get sdk() {
      return ready().sdk;
    },
  };
}
