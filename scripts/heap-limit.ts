/**
 * Node's heap limits for the commands that run the pipeline (`demo`, `run`, `backfill`) and for
 * the bench. V8 sizes its heap from the machine's memory (4 GiB of old space on a 24 GiB host)
 * and lets garbage pile up toward it: the pipeline's live heap stays at 30-60 MiB while the heap
 * grew past 250 MiB. The limits can only be set when Node starts, so the entry point relaunches
 * itself once, as a child with NODE_OPTIONS carrying `--max-old-space-size` and
 * `--max-semi-space-size` (NODE_MAX_OLD_SPACE_MB, NODE_MAX_SEMI_SPACE_MB); the child restores
 * the caller's NODE_OPTIONS at once, so processes it starts (the bench's sandbox, dbt) are not
 * capped. Nothing is relaunched when NODE_MAX_OLD_SPACE_MB=0, or when the node command line or
 * NODE_OPTIONS already sets --max-old-space-size (the caller's choice wins).
 *
 * The child also gets glibc's malloc and DuckDB's allocator tuned, unless the caller set these
 * variables. DuckDB's buffer blocks come from its own allocator (see load/duckdb/settings.ts), but
 * its other allocations and Node's native ones go through glibc, which keeps what is freed (in up
 * to 8 arenas per core, and above a threshold that rises after each large free, in its heaps
 * rather than unmapped): before these settings and DuckDB's allocator settings, the warehouse's
 * RSS grew by 100-150 MiB over a 200,000-conversation backfill while DuckDB's own accounting
 * stayed under 50 MiB. MALLOC_ARENA_MAX=2 and a fixed MALLOC_MMAP_THRESHOLD_ of 128 KiB (larger
 * allocations are then always mapped, and unmapped when freed) hand it back.
 *
 * DuckDB's own allocator (its jemalloc, prefixed `duckdb_je_`, configured by
 * DUCKDB_JE_MALLOC_CONF) hands freed pages back to the OS only as they age (DuckDB sets a decay
 * of about a second): the 70-85 MiB a Parquet conversion used stayed resident for 0.5-1.5 s
 * after it, through the extraction going on meanwhile, and on the large scenario most of the
 * pipeline's highest peaks were in that second. With no decay (`dirty_decay_ms:0`) they go back
 * when freed: the same conversion ended 2 MiB above where it started instead of 75-85 MiB, and
 * its own peak was 10-15 MiB lower. The large bench's peaks fell by 15-25 MiB at 10,000
 * conversations and by 20-45 MiB at 200,000, at no CPU cost measurable there; the default
 * scenario's pipeline took about 15% more CPU (pages freed and faulted in again between its many
 * small statements). `dirty_decay_ms:100` costs about half that, and keeps less of the gain.
 *
 * They are read when a process starts, so the child removes them from its environment again:
 * processes it starts (dbt) keep the caller's.
 *
 * The child runs in its own process group: a Ctrl-C at the terminal reaches the parent only,
 * which forwards each SIGINT/SIGTERM once (so a second Ctrl-C still means "stop at once"), and
 * exits with the child's code. The two are joined by an IPC channel: when the parent dies, even
 * by SIGKILL, the channel closes and the child kills itself the same way, so a supervisor that
 * kills the process it started never leaves the pipeline running behind it.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { HeapLimits } from './config.ts';

/** Set in the relaunched child: the caller's NODE_OPTIONS (JSON: a string, or null when unset). */
const relaunchedMarker = 'GENESYS_ETL_RELAUNCHED_NODE_OPTIONS';
/** Set in the relaunched child: the malloc variables the parent added (JSON array of names). */
const mallocMarker = 'GENESYS_ETL_RELAUNCHED_MALLOC';

/** Allocator settings for the relaunched child (see above); a caller's own value wins. */
export const mallocTuning: Readonly<Record<string, string>> = Object.freeze({
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0',
});

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * What the launcher prints when the relaunched process aborts: V8 aborts when the heap is
 * exhausted (after "FATAL ERROR: ... JavaScript heap out of memory"), and the child's output
 * goes to the terminal, not through the launcher, so the hint is conditional. The usual cause
 * is a page of very large conversations: a page of 1,000 conversations of 50 KB is 50 MB of
 * JSON (extract/streams/conversation-jobs.ts has what pages took).
 */
const abortHint = (limits: HeapLimits): string =>
  `genesys-etl: the process was aborted (SIGABRT). If Node reported "JavaScript heap out of memory" above, ` +
  `it needed more than NODE_MAX_OLD_SPACE_MB=${limits.maxOldSpaceMb} MiB of heap: lower GENESYS_JOB_PAGE_SIZE ` +
  `(conversations per results page) when the org's conversations are large, or raise NODE_MAX_OLD_SPACE_MB ` +
  `and the memory of the container. Nothing committed is lost: run the same command again.\n`;

/** The V8 flags for `limits` (none when the old-space limit is 0: V8's default). */
export function heapFlags(limits: HeapLimits): string[] {
  if (limits.maxOldSpaceMb === 0) return [];
  return [`--max-old-space-size=${limits.maxOldSpaceMb}`, `--max-semi-space-size=${limits.maxSemiSpaceMb}`];
}

/** Whether the process was started with an old-space limit of the caller's own. */
export function hasOwnHeapLimit(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) =>
    /^--max[-_]old[-_]space[-_]size(=|$)/.test(arg),
  );
}

/**
 * In the relaunched child: restores the caller's NODE_OPTIONS and returns null (run here).
 * Otherwise, when limits apply: runs this script again with them and resolves to its exit code.
 */
export function relaunchWithHeapLimits(limits: HeapLimits): Promise<number> | null {
  const env = process.env;
  const marker = env[relaunchedMarker];
  if (marker !== undefined) {
    const original = JSON.parse(marker) as string | null;
    if (original === null) Reflect.deleteProperty(env, 'NODE_OPTIONS');
    else env['NODE_OPTIONS'] = original;
    Reflect.deleteProperty(env, relaunchedMarker);
    for (const name of JSON.parse(env[mallocMarker] ?? '[]') as string[]) Reflect.deleteProperty(env, name);
    Reflect.deleteProperty(env, mallocMarker);
    // The channel to the parent does not keep this process alive; its loss ends it at once.
    process.channel?.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
    return null;
  }
  const flags = heapFlags(limits);
  const script = process.argv[1];
  if (flags.length === 0 || script === undefined || hasOwnHeapLimit(process.execArgv, env['NODE_OPTIONS'])) {
    return null;
  }
  const nodeOptions = [env['NODE_OPTIONS'] ?? '', ...flags].join(' ').trim();
  const malloc = Object.fromEntries(Object.entries(mallocTuning).filter(([name]) => env[name] === undefined));
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: {
      ...env,
      ...malloc,
      [mallocMarker]: JSON.stringify(Object.keys(malloc)),
      NODE_OPTIONS: nodeOptions,
      [relaunchedMarker]: JSON.stringify(env['NODE_OPTIONS'] ?? null),
    },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const name of forwarded) process.off(name, forward);
      if (signal === 'SIGABRT') process.stderr.write(abortHint(limits));
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
