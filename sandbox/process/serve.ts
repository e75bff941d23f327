/**
 * A sandbox in its own process, for benchmarks that measure the pipeline alone:
 *
 *   node sandbox/process/serve.ts --scenario large --latency-ms 30 --rate-limit 300 --clients 2
 *
 * Prints one JSON line when listening ({ready, url, host, port, credentials}); on SIGTERM or
 * SIGINT, or when the IPC channel of a parent that forked it closes, stops and prints one more
 * ({stopped, requests, byStatus, byRoute, cpuUserMs, cpuSystemMs, peakRssMiB}), then exits 0.
 */
import { loadScenario } from '../scenario.ts';
import { startSandbox } from '../server.ts';
import { applyOverrides, parseServeArgs } from './options.ts';

const options = parseServeArgs(process.argv.slice(2));
const scenario = applyOverrides(await loadScenario(options.scenario), options);
const sandbox = await startSandbox({
  scenario,
  port: options.port,
  host: options.host,
  latencyMs: options.latencyMs,
  clients: options.clients,
});
const line = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};
line({ ready: true, url: sandbox.url, host: sandbox.host, port: sandbox.port, credentials: sandbox.credentials });

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void sandbox.close().then(() => {
    const usage = process.resourceUsage();
    line({
      stopped: true,
      ...sandbox.stats(),
      cpuUserMs: Math.round(usage.userCPUTime / 1000),
      cpuSystemMs: Math.round(usage.systemCPUTime / 1000),
      peakRssMiB: Math.round(usage.maxRSS / 1024),
    });
    process.exitCode = 0;
    if (process.connected) process.disconnect();
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
if (process.connected) process.once('disconnect', stop);
