/**
 * Sandbox throughput: pages detail-job results of a scenario (default `large`) through the
 * unmodified SDK, with the server in a separate process, and prints pages/s, conversations/s
 * and the server's RSS (sampled while paging, so a flat RSS shows memory does not grow).
 *
 *   node sandbox/bench.ts --scenario large [--pages 200] [--page-size 1000] [--all]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import platformClient from 'purecloud-platform-client-v2';
import { loadScenario } from './scenario.ts';
import { scenarioEndMs, scenarioStartMs } from './generator/arrivals.ts';
import { iso } from './generator/iso.ts';
import { startSandbox } from './server.ts';

interface Ready {
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
}

async function serve(scenarioName: string): Promise<void> {
  const sandbox = await startSandbox({ scenario: await loadScenario(scenarioName) });
  process.on('message', (message) => {
    if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed });
    if (message === 'stop') void sandbox.close().then(() => process.exit(0));
  });
  process.send?.({ port: sandbox.port, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => {
      resolve(reply as T);
    });
    child.send(message);
  });
}

async function bench(args: { scenario: string; pages: number; pageSize: number }): Promise<void> {
  const child = fork(import.meta.filename, ['--serve', '--scenario', args.scenario], { stdio: 'inherit' });
  const ready = await new Promise<Ready>((resolve) => {
    child.once('message', (m) => {
      resolve(m as Ready);
    });
  });
  const scenario = await loadScenario(args.scenario);
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  client.config.setConfigPath('');
  client.setGateway({
    host: '127.0.0.1',
    protocol: 'http',
    port: ready.port,
    path_params_login: 'login',
    path_params_api: 'gc',
  });
  await client.loginClientCredentialsGrant(ready.clientId, ready.clientSecret);
  const analytics = new platformClient.AnalyticsApi(client);
  const interval = `${iso(scenarioStartMs(scenario))}/${iso(scenarioEndMs(scenario))}`;
  const { jobId = '' } = await analytics.postAnalyticsConversationsDetailsJobs({ interval });
  let state = '';
  while (state !== 'FULFILLED') state = (await analytics.getAnalyticsConversationsDetailsJob(jobId)).state ?? '';
  const samples: { rss: number; heap: number }[] = [await ask<{ rss: number; heap: number }>(child, 'rss')];
  const started = performance.now();
  let pages = 0;
  let conversations = 0;
  let cursor: string | undefined;
  do {
    const page = await analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
      pageSize: args.pageSize,
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages++;
    conversations += page.conversations?.length ?? 0;
    cursor = page.cursor;
    if (pages % 25 === 0) samples.push(await ask<{ rss: number; heap: number }>(child, 'rss'));
  } while (cursor !== undefined && pages < args.pages);
  const seconds = (performance.now() - started) / 1000;
  samples.push(await ask<{ rss: number; heap: number }>(child, 'rss'));
  const rss = samples.map((x) => x.rss);
  const heap = samples.map((x) => x.heap);
  child.send('stop');
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    [
      `scenario ${scenario.name}: ${pages} pages × ≤${args.pageSize} = ${conversations} conversations in ${seconds.toFixed(1)} s`,
      `  ${(pages / seconds).toFixed(1)} pages/s, ${Math.round(conversations / seconds)} conversations/s (SDK client, JSON parse included)`,
      `  server RSS: start ${mb(rss[0] ?? 0)}, min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}, end ${mb(rss.at(-1) ?? 0)} (${rss.length} samples)`,
      `  server heap used: min ${mb(Math.min(...heap))}, max ${mb(Math.max(...heap))} (RSS growth is V8 heap slack; see README)`,
    ].join('\n'),
  );
}

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'large' },
    pages: { type: 'string', default: '200' },
    'page-size': { type: 'string', default: '1000' },
    all: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
});
if (values.serve) await serve(values.scenario);
else {
  await bench({
    scenario: values.scenario,
    pages: values.all ? Number.POSITIVE_INFINITY : Number(values.pages),
    pageSize: Number(values['page-size']),
  });
}
