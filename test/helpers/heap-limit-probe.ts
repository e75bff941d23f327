/**
 * A program for test/integration/scripts/heap-limit.test.ts: relaunches itself with the heap
 * limits of PROBE_OLD_SPACE_MB, then prints (a JSON line) what the running process got and exits
 * with the code given as its argument, with the MALLOC_ variables it started with. With `signals`, it prints a ready line, counts the SIGINTs
 * it receives until 500 ms after the first, prints the count and exits 42.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
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
        .filter((entry) => entry.startsWith('MALLOC_'))
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
} else {
  report();
  process.exitCode = Number(process.argv[2] ?? 0);
}
