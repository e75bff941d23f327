/**
 * A program for test/integration/scripts/heap-limit.test.ts: relaunches itself with the heap
 * limits of PROBE_OLD_SPACE_MB, then prints (a JSON line) what the running process got and exits
 * with the code given as its argument, with the allocator variables it started with. With
 * `signals`, it prints a ready line, counts the SIGINTs it receives until 500 ms after the first,
 * prints the count and exits 42. With `duckdb`, it also reports how much more resident memory the
 * process holds right after each of three sorts in DuckDB (the pipeline's settings) than before it.
 * With `exhaust`, it allocates until its heap is exhausted.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultDuckdbResources, duckdbConfig } from '../../load/duckdb/settings.ts';
import { relaunchWithHeapLimits } from '../../scripts/heap-limit.ts';

const relaunch = relaunchWithHeapLimits({
  maxOldSpaceMb: Number(process.env['PROBE_OLD_SPACE_MB'] ?? 0),
  maxSemiSpaceMb: 2,
});
if (relaunch !== null) process.exit(await relaunch);

const report = (extra: Record<string, unknown> = {}): void => {
  process.stdout.write(
    `${JSON.stringify({
      heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024),
      nodeOptions: process.env['NODE_OPTIONS'] ?? null,
      marker: Object.keys(process.env).some((name) => name.startsWith('GENESYS_ETL_RELAUNCHED')),
      // The environment the process started with (what glibc read), and what it passes on.
      startedWith: readFileSync('/proc/self/environ', 'utf8')
        .split('\0')
        .filter((entry) => /^(MALLOC_|DUCKDB_JE_MALLOC_CONF=)/.test(entry))
        .sort(),
      mallocArenaMax: process.env['MALLOC_ARENA_MAX'] ?? null,
      ...extra,
    })}\n`,
  );
};

if (process.argv[2] === 'signals') {
  let received = 0;
  process.on('SIGINT', () => {
    received += 1;
    if (received === 1) {
      setTimeout(() => {
        report({ received });
        process.exit(42);
      }, 500);
    }
  });
  report({ ready: true, pid: process.pid });
  // Never outlives a broken test: gone after 20 s even when no signal comes.
  setTimeout(() => {
    report({ gaveUp: true });
    process.exit(99);
  }, 20_000);
} else if (process.argv[2] === 'exhaust') {
  // Keeps everything it allocates: V8 aborts once the old space is full.
  const kept: string[][] = [];
  for (;;) kept.push(Array.from({ length: 10_000 }, (_, index) => `row ${kept.length} ${index}`));
} else if (process.argv[2] === 'duckdb') {
  const instance = await DuckDBInstance.create(':memory:', duckdbConfig(defaultDuckdbResources));
  const connection = await instance.connect();
  const retainedMiB: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const before = process.memoryUsage.rss();
    // About 80 MiB of DuckDB's memory while it runs (sorting 250,000 strings), none after.
    await connection.run(
      'select count(*) from (select range, repeat(range::varchar, 25) as s from range(250000) order by s)',
    );
    retainedMiB.push(Math.round((process.memoryUsage.rss() - before) / 1024 / 1024));
  }
  connection.closeSync();
  instance.closeSync();
  report({ retainedMiB });
} else {
  report();
  process.exitCode = Number(process.argv[2] ?? 0);
}
