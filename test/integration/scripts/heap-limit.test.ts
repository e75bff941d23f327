import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('../../helpers/heap-limit-probe.ts', import.meta.url));

/** The test's environment without NODE_OPTIONS and MALLOC_ variables (the runner may set some), plus `extra`. */
const envWith = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env = { ...process.env, ...extra };
  for (const name of ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'DUCKDB_JE_MALLOC_CONF']) {
    if (extra[name] === undefined) Reflect.deleteProperty(env, name);
  }
  return env;
};

function run(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, [probe, ...args], { env: envWith(env), encoding: 'utf8' });
  return { status: result.status, report: JSON.parse(result.stdout.trim()) as Record<string, unknown> };
}

test('the relaunched process runs under the old-space limit, with the caller NODE_OPTIONS restored, and its exit code passes through', () => {
  const capped = run({ PROBE_OLD_SPACE_MB: '96' }, ['3']);
  assert.equal(capped.status, 3);
  // heap_size_limit = old space + young generation (3 x 2 MiB semi-spaces here).
  assert.ok((capped.report['heapLimitMiB'] as number) <= 96 + 8, JSON.stringify(capped.report));
  assert.equal(capped.report['nodeOptions'], null, 'NODE_OPTIONS restored to unset: children are not capped');
  assert.equal(capped.report['marker'], false);

  const withOptions = run({ PROBE_OLD_SPACE_MB: '96', NODE_OPTIONS: '--stack-trace-limit=20' });
  assert.equal(withOptions.report['nodeOptions'], '--stack-trace-limit=20');
  assert.ok((withOptions.report['heapLimitMiB'] as number) <= 104);
});

const noDecay = 'DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0';

test("the relaunched process starts with glibc's malloc and DuckDB's allocator tuned, does not pass them on, and a caller's own value wins", () => {
  const tuned = run({ PROBE_OLD_SPACE_MB: '96' });
  assert.deepEqual(tuned.report['startedWith'], [noDecay, 'MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']);
  assert.equal(tuned.report['mallocArenaMax'], null, 'removed again: processes it starts get the caller environment');

  const own = run({ PROBE_OLD_SPACE_MB: '96', MALLOC_ARENA_MAX: '4' });
  assert.deepEqual(own.report['startedWith'], [noDecay, 'MALLOC_ARENA_MAX=4', 'MALLOC_MMAP_THRESHOLD_=131072']);
  assert.equal(own.report['mallocArenaMax'], '4');

  const notRelaunched = run({ PROBE_OLD_SPACE_MB: '0' });
  assert.deepEqual(notRelaunched.report['startedWith'], []);
});

test('in the relaunched process DuckDB hands the memory a statement used back when it ends', () => {
  const retained = (env: Record<string, string>): number[] =>
    run({ PROBE_OLD_SPACE_MB: '96', ...env }, ['duckdb']).report['retainedMiB'] as number[];
  const tuned = retained({});
  assert.ok(Math.max(...tuned) < 15, `resident memory after each sort, MiB: ${tuned.join(', ')}`);
  // The premise: with freed pages decaying over 10 s, the first sorts' memory is still resident.
  const decaying = retained({ DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:10000' });
  assert.ok(Math.max(...decaying) > 30, `with a 10 s decay, MiB: ${decaying.join(', ')}`);
});

test('a relaunched process that exhausts its heap ends with 134 and the launcher says which settings to change', () => {
  const result = spawnSync(process.execPath, [probe, 'exhaust'], {
    env: envWith({ PROBE_OLD_SPACE_MB: '64' }),
    encoding: 'utf8',
  });
  assert.equal(result.status, 134, result.stderr.slice(-2_000));
  assert.match(result.stderr, /JavaScript heap out of memory/);
  assert.match(result.stderr, /aborted \(SIGABRT\).*NODE_MAX_OLD_SPACE_MB=64 MiB.*GENESYS_JOB_PAGE_SIZE/s);
});

test('no relaunch with a limit of 0, nor when the caller set --max-old-space-size', () => {
  const uncapped = run({ PROBE_OLD_SPACE_MB: '0' });
  assert.ok((uncapped.report['heapLimitMiB'] as number) > 104, 'V8 default');
  const own = run({ PROBE_OLD_SPACE_MB: '96', NODE_OPTIONS: '--max-old-space-size=300' });
  assert.ok((own.report['heapLimitMiB'] as number) > 300, "the caller's limit wins");
  assert.equal(own.report['nodeOptions'], '--max-old-space-size=300');
});

test('a SIGINT to the launcher reaches the relaunched process exactly once', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [probe, 'signals'], {
    env: envWith({ PROBE_OLD_SPACE_MB: '96' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const reports: Record<string, unknown>[] = [];
  for await (const line of lines) {
    const report = JSON.parse(line) as Record<string, unknown>;
    reports.push(report);
    if (report['ready'] === true) child.kill('SIGINT');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 42);
  assert.equal(reports.at(-1)?.['received'], 1);
  assert.ok((reports[0]?.['heapLimitMiB'] as number) <= 104, 'the ready line came from the relaunched process');
});

test('a SIGKILL of the launcher ends the relaunched process too', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [probe, 'signals'], {
    env: envWith({ PROBE_OLD_SPACE_MB: '96' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  let relaunched: number | undefined;
  let gaveUp = false;
  for await (const line of lines) {
    const report = JSON.parse(line) as Record<string, unknown>;
    gaveUp ||= report['gaveUp'] === true;
    if (report['ready'] === true) {
      relaunched = report['pid'] as number;
      child.kill('SIGKILL');
    }
  }
  assert.ok(relaunched !== undefined && relaunched !== child.pid);
  assert.equal(gaveUp, false, 'the relaunched process outlived its launcher until its own 20 s limit');
  await exited;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // Its stdout closed when it died; give the kernel a moment to reap it (the probe itself gives up at 20 s).
  for (let tries = 0; tries < 100 && alive(relaunched); tries += 1) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(relaunched), false);
});
