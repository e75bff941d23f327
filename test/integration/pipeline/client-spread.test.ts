/**
 * Budget across OAuth clients, counted by the sandbox per token: with two clients and one window
 * at a time, the run-level streams (whose retention sweep pages one request after another) and
 * the window run side by side on the two clients, and the window's recording reads go through
 * both. Before, the run-level streams ran first, alone on client 1, and client 2 idled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario, parseScenario } from '../../../sandbox/index.ts';
import { sandboxClient, scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';

test('the run-level streams and the windows share both OAuth clients (sandbox counts per token)', async (t) => {
  const small = await loadScenario('small');
  // 2,400 recordings: the retention sweep pages 5 times, one page after another.
  const scenario = parseScenario({ ...small, days: 6, callsPerDay: 400 });
  const workspace = await sandboxWorkspace(t, scenario, { sandbox: { clients: 2 } });
  const { sandbox, config } = workspace;
  const [first, second] = sandbox.credentials;
  assert.ok(first !== undefined && second !== undefined);
  const clients = [first, second].map((credentials) => sandboxClient(config, sandbox, quiet, 0, credentials));

  const result = await extractScenario(workspace, {
    clients: [clients[0] ?? assert.fail(), ...clients.slice(1)],
    windows: scenarioWindows(scenario, 1),
    parallel: 1,
  });

  const byClient = sandbox.stats().byClient;
  const traffic = [first, second].map((credentials) => byClient[credentials.clientId]);
  const [one, two] = traffic;
  assert.ok(one !== undefined && two !== undefined, `both clients sent requests: ${Object.keys(byClient).join(', ')}`);
  assert.equal(one.requests + two.requests, result.apiRequests, 'the sandbox saw every request the clients counted');

  const sweep = traffic.findIndex((client) => client?.byRoute['recordings.retention.query'] !== undefined);
  const sweeper = traffic[sweep];
  const other = traffic[1 - sweep];
  assert.ok(sweeper !== undefined && other !== undefined, 'one client swept the retention query');
  const pages = sweeper.byRoute['recordings.retention.query'];
  assert.ok(pages !== undefined && pages.count >= 5, `the sweep paged ${pages?.count ?? 0} times`);
  assert.equal(other.byRoute['recordings.retention.query'], undefined, 'a cursor listing stays on one client');

  await t.test('the other client extracted the window while the sweep was still paging', () => {
    const job = other.byRoute['analytics.detailJobs.create'];
    assert.ok(job !== undefined, `the window's detail job went to the other client: ${JSON.stringify(other.byRoute)}`);
    const started = Math.min(...Object.values(other.byRoute).map((route) => route.first));
    assert.ok(started < pages.last, `its first request #${started} came before the sweep's last page #${pages.last}`);
  });

  await t.test("the window's recording reads went through both clients", () => {
    const reads = traffic.map((client) => client?.byRoute['recording.metadata.list']?.count ?? 0);
    const total = reads.reduce((sum, count) => sum + count, 0);
    assert.equal(total, 400, 'one read per conversation of the window');
    for (const count of reads) assert.ok(count >= total * 0.25, `reads per client: ${reads.join(', ')}`);
  });
});
