import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitQueue } from '../../../pipeline/commit-queue.ts';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

test('commits run one at a time in order, and room() holds the caller back while too many wait', async () => {
  const events: string[] = [];
  const releases: (() => void)[] = [];
  const queue = commitQueue(1, () => undefined);
  const commit = (name: string) => () =>
    new Promise<void>((resolve) => {
      events.push(`start ${name}`);
      releases.push(() => {
        events.push(`end ${name}`);
        resolve();
      });
    });
  queue.enqueue(commit('a'));
  await queue.room(); // one pending: the next window may extract
  queue.enqueue(commit('b'));
  let roomy = false;
  const room = queue.room().then(() => {
    roomy = true;
  });
  await tick();
  assert.equal(roomy, false);
  assert.deepEqual(events, ['start a']);
  releases.shift()?.();
  await room;
  await tick();
  assert.deepEqual(events, ['start a', 'end a', 'start b']);
  releases.shift()?.();
  assert.deepEqual(await queue.drain(), []);
});

test('a failed commit is reported at once and returned by drain; later commits still run', async () => {
  const reported: unknown[] = [];
  const queue = commitQueue(2, (error) => reported.push(error));
  const ran: string[] = [];
  queue.enqueue(() => Promise.reject(new Error('load failed')));
  queue.enqueue(() => {
    ran.push('second');
    return Promise.resolve();
  });
  const failures = await queue.drain();
  assert.deepEqual(
    failures.map((error) => (error as Error).message),
    ['load failed'],
  );
  assert.equal(reported.length, 1);
  assert.deepEqual(ran, ['second']);
});
