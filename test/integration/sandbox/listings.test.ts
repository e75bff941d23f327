import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ok } from './helpers/sdk.ts';
import { useSandbox } from './helpers/use-sandbox.ts';

describe('sandbox dimension listings (through the SDK)', () => {
  const env = useSandbox('default');

  it('pages users by pageNumber until nextUri is absent', async () => {
    const names: string[] = [];
    let pageNumber = 1;
    for (;;) {
      const page = (await ok(env.sdk.users.getUsers({ pageSize: 25, pageNumber, state: 'any' }))).body;
      assert.equal(page.total, 63);
      assert.equal(page.pageCount, 3);
      assert.equal(page.pageNumber, pageNumber);
      assert.ok(page.firstUri !== undefined && page.selfUri !== undefined && page.lastUri !== undefined);
      names.push(...(page.entities ?? []).map((u) => u.name ?? ''));
      if (page.nextUri === undefined) break;
      assert.match(page.nextUri, new RegExp(`pageNumber=${pageNumber + 1}`));
      pageNumber++;
    }
    assert.equal(pageNumber, 3);
    assert.equal(names.length, 63);
    assert.deepEqual(names.slice(0, 2), ['Agent 001', 'Agent 002']);
    assert.ok(names.includes('QA Lead'));
  });

  it('filters users by comma-joined ids and by state', async () => {
    const all = (await ok(env.sdk.users.getUsers({ pageSize: 100 }))).body.entities ?? [];
    const ids = all.slice(3, 5).map((u) => u.id ?? '');
    const some = (await ok(env.sdk.users.getUsers({ id: ids }))).body;
    assert.deepEqual(
      (some.entities ?? []).map((u) => u.id),
      ids,
    );
    assert.equal((await ok(env.sdk.users.getUsers({ state: 'inactive' }))).body.total, 0);
    const user = all[0];
    assert.equal(user?.email, 'agent001@example.com');
    assert.equal(user.state, 'active');
    assert.equal(user.division?.name, 'Home');
  });

  it('lists queues, divisions and retention policies', async () => {
    const queues = (await ok(env.sdk.routing.getRoutingQueues({ pageSize: 100 }))).body;
    assert.deepEqual(
      (queues.entities ?? []).map((q) => q.name),
      env.scenario.queues.map((q) => q.name),
    );
    assert.equal(queues.nextUri, undefined);
    const divisions = (await ok(env.sdk.authorization.getAuthorizationDivisions())).body.entities ?? [];
    assert.equal(divisions.length, 1);
    assert.equal(divisions[0]?.homeDivision, true);

    const policies =
      (await ok(env.sdk.recording.getRecordingMediaretentionpolicies({ pageSize: 25 }))).body.entities ?? [];
    const always = policies.find((p) => p.name === 'Always Record');
    assert.equal(always?.enabled, true);
    const forQueues = always.mediaPolicies?.callPolicy?.conditions?.forQueues ?? [];
    const coveredIds = (queues.entities ?? [])
      .filter((q) => env.scenario.queues.find((s) => s.name === q.name)?.coveredByPolicy === true)
      .map((q) => q.id);
    assert.deepEqual(
      forQueues.map((q) => q.id),
      coveredIds,
    );
    assert.deepEqual(always.mediaPolicies?.callPolicy?.conditions?.directions, ['INBOUND']);
    assert.equal(always.mediaPolicies.callPolicy.actions?.initiateScreenRecording?.recordACW, false);
    assert.equal(policies.find((p) => p.enabled === false)?.name, 'Legacy outbound 7y');
  });
});
